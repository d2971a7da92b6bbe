"""Who may do what: role and ownership checks as pure functions."""

from __future__ import annotations

import enum

from attrs import frozen

from eventcore.domain.errors import Forbidden
from eventcore.domain.events import Event
from eventcore.domain.ids import UserId
from eventcore.domain.users import Role, User


def may_manage_event(user: User, event: Event) -> bool:
    """The creator manages an event; moderators and admins manage every event."""
    return user.id == event.creator_id or user.is_staff


def may_see_event(user: User | None, event: Event, *, takes_part: bool) -> bool:
    """Moderators and admins open any event; others see private ones only by taking part.

    Lists are narrower: they show a private event only to its creator and
    participants, whoever asks (see EventFilter.viewer_id).
    """
    if user is not None and user.is_staff:
        return True
    return event.visible_to(user.id if user else None, takes_part=takes_part)


class EventManagement(enum.Enum):
    """Who may create and manage events; each surface says which rule its clients live by."""

    # Anyone creates events; the creator (and every moderator and admin) manages them.
    CREATORS = "creators"
    # Only moderators and admins create, change and delete events (the ticketing API).
    STAFF = "staff"


@frozen
class EventPolicy:
    """The rules a surface's clients create and manage events by."""

    management: EventManagement = EventManagement.CREATORS
    # Whether the organizer is registered for their own event, taking one of its seats.
    organizer_takes_seat: bool = True
    # Whether a private event the actor may not see is refused as Forbidden rather than
    # as not found (the socialcalendar seed lists 403 for it).
    hidden_as_forbidden: bool = False


# Anyone organises events and takes part in their own (GatherHub and most APIs).
ORGANIZERS_ATTEND = EventPolicy()
# Staff publish events whose every seat is for sale (the ticketing API).
STAFF_SELL_TICKETS = EventPolicy(EventManagement.STAFF, organizer_takes_seat=False)


def hidden_event_refusal(policy: EventPolicy) -> Forbidden | None:
    """What refuses a private event the actor may not see under `policy`: Forbidden,
    or None for the usual not found (which does not give the event away)."""
    if not policy.hidden_as_forbidden:
        return None
    return Forbidden("You have no access to this private event.", reason="private_event")


def may_create_event(user: User, management: EventManagement) -> bool:
    return management is EventManagement.CREATORS or user.is_staff


def may_manage_event_under(user: User, event: Event, management: EventManagement) -> bool:
    if management is EventManagement.STAFF:
        return user.is_staff
    return may_manage_event(user, event)


def ensure_may_create_event(user: User, management: EventManagement) -> None:
    if not may_create_event(user, management):
        raise Forbidden("Only moderators and admins can create events.", reason="staff_create")


def ensure_may_manage_event_under(user: User, event: Event, management: EventManagement) -> None:
    if not may_manage_event_under(user, event, management):
        if management is EventManagement.STAFF:
            raise Forbidden("Only moderators and admins can change events.", reason="staff_change")
        raise Forbidden("Only the event creator can change this event.", reason="creator_change")


def may_grant_role(actor: User | None, role: Role) -> bool:
    """Anyone may make an ordinary account; only an admin hands out moderator or admin."""
    return role is Role.USER or (actor is not None and actor.role is Role.ADMIN)


def ensure_may_grant_role(actor: User | None, role: Role) -> None:
    if not may_grant_role(actor, role):
        raise Forbidden(
            "Only an admin can create moderators and admins.", reason="admin_grants_roles"
        )


def may_list_users(actor: User) -> bool:
    return actor.role is Role.ADMIN


def ensure_may_list_users(actor: User) -> None:
    if not may_list_users(actor):
        raise Forbidden("Only an admin can list every user.", reason="admin_lists_users")


def may_change_account(actor: User, user_id: UserId) -> bool:
    """Accounts are changed and deleted by their owners only, admins included."""
    return actor.id == user_id


def ensure_may_change_account(actor: User, user_id: UserId) -> None:
    if not may_change_account(actor, user_id):
        raise Forbidden(
            "You can only change or delete your own account.", reason="own_account_only"
        )


def may_see_attendances_of(actor: User, user_id: UserId) -> bool:
    return actor.id == user_id or actor.role is Role.ADMIN


def ensure_may_see_attendances_of(actor: User, user_id: UserId) -> None:
    if not may_see_attendances_of(actor, user_id):
        raise Forbidden(
            "Only the user and admins can see a user's attendances.",
            reason="own_attendances_only",
        )


def may_see_attendees(actor: User) -> bool:
    return actor.role is Role.ADMIN


def ensure_may_see_attendees(actor: User) -> None:
    if not may_see_attendees(actor):
        raise Forbidden(
            "Only an admin can list the attendees of an event.", reason="admin_lists_attendees"
        )


def may_remove_attendance_of(actor: User, user_id: UserId) -> bool:
    """An attendance is withdrawn by its own user, or by an admin."""
    return actor.id == user_id or actor.role is Role.ADMIN


def ensure_may_remove_attendance_of(actor: User, user_id: UserId) -> None:
    if not may_remove_attendance_of(actor, user_id):
        raise Forbidden("You can only remove your own attendance.", reason="own_attendance_only")
