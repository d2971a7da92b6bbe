"""Who may do what: role and ownership checks as pure functions."""

from __future__ import annotations

from eventcore.domain.errors import Forbidden
from eventcore.domain.events import Event
from eventcore.domain.users import User


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


def ensure_may_manage_event(user: User, event: Event) -> None:
    if not may_manage_event(user, event):
        raise Forbidden("Only the event creator can change this event.")
