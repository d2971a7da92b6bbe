"""Invites: to become friends, or to join a group event; sent, listed, and answered.

Accepting a friend invite makes the two friends (one row per pair) and opens their
direct chat, if they have none yet. Accepting an event invite registers the guest
for the event, and so makes them a member of its chat. Either way the invite goes,
as it does when declined; the invite row is locked while it is answered, so of two
parallel answers one wins and the other finds it gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from attrs import frozen

from eventcore.domain.errors import AlreadyExists, InvalidValue, NotFound, Reason
from eventcore.domain.events import Event, EventKind
from eventcore.domain.ids import MAX_ID, EventId, InviteId, UserId
from eventcore.domain.notices import EventJoined
from eventcore.domain.social import (
    AlreadyFriends,
    Invite,
    InviteKind,
    direct_chat,
    ensure_may_invite,
    ensure_receiver,
    event_invite,
    friend_invite,
    new_friendship,
)
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import takes_part, view_of
from eventcore.usecases.seats import joined, take_seat

INVITE_NOT_FOUND = "No invite with this id."
ALREADY_FRIENDS = "You are friends already."
ALREADY_MEMBER = "This user takes part in the event already."
GROUP_EVENTS_ONLY = "Only group events take guests."


@frozen(kw_only=True)
class InviteRequest:
    """An invite as its sender asks for it: `event_id` for an event invite only."""

    kind: InviteKind
    receiver_id: UserId
    event_id: EventId | None = None


def send_invite(uow: UnitOfWork, clock: Clock, sender_id: UserId, request: InviteRequest) -> Invite:
    """Send an invite; asking again for one that waits answers the waiting one.

    Raises NotFound (receiver_id, event_id), InvalidValue (event_id missing or not a
    group event), SamePerson, AlreadyExists (already friends, already a member), or
    Forbidden when the sender does not take part in the event.
    """
    now = clock.now()
    with uow:
        existing_user(uow, sender_id)
        if uow.users.get(request.receiver_id) is None:
            raise NotFound("No user with this id.", field="receiver_id")
        if request.kind is InviteKind.FRIEND:
            draft = _friend_invite(uow, sender_id, request.receiver_id, now)
        else:
            draft = _event_invite(uow, sender_id, request, now)
        waiting = _same_waiting(uow, draft)
        if waiting is not None:
            return waiting
        invite = uow.invites.add(draft)
        uow.commit()
        return invite


def list_invites(uow: UnitOfWork, user_id: UserId) -> Sequence[Invite]:
    """The invites waiting for the user's answer, by id."""
    with uow.reading():
        return uow.invites.for_receiver(user_id)


def answer_invite(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    invite_id: InviteId,
    *,
    accept: bool,
) -> None:
    """Accept or decline an invite sent to the actor; either way it is gone after.

    Raises NotFound (id), Forbidden when it was sent to someone else, or EventFull.
    """
    now = clock.now()
    joined: EventJoined | None = None
    with uow:
        invite = uow.invites.lock(invite_id) if 0 < invite_id <= MAX_ID else None
        if invite is None:
            raise NotFound(INVITE_NOT_FOUND, field="id")
        ensure_receiver(invite, actor_id)
        if accept and invite.kind is InviteKind.FRIEND:
            _befriend(uow, invite, now)
        elif accept and invite.event_id is not None:
            joined = _join(uow, invite.event_id, actor_id, now)
        uow.invites.delete(invite.id)
        uow.commit()
    if joined is not None:
        notifier.publish(joined)


def _friend_invite(
    uow: UnitOfWork, sender_id: UserId, receiver_id: UserId, now: datetime
) -> Invite:
    draft = friend_invite(sender_id, receiver_id, now)
    if uow.friendships.are_friends(sender_id, receiver_id):
        raise AlreadyFriends(ALREADY_FRIENDS, field="receiver_id")
    return draft


def _event_invite(
    uow: UnitOfWork, sender_id: UserId, request: InviteRequest, now: datetime
) -> Invite:
    if request.event_id is None:
        raise InvalidValue("event_id", Reason.REQUIRED)
    event = uow.events.get(request.event_id) if 0 < request.event_id <= MAX_ID else None
    if event is None:
        raise NotFound("Event not found.", field="event_id")
    draft = event_invite(sender_id, request.receiver_id, event.id, now)
    ensure_may_invite(takes_part(uow, event, sender_id))
    if event.kind is not EventKind.GROUP:
        raise InvalidValue("event_id", Reason.NOT_ONE_OF, choices="a group event")
    if takes_part(uow, event, request.receiver_id):
        raise AlreadyExists(ALREADY_MEMBER, field="receiver_id")
    return draft


def _same_waiting(uow: UnitOfWork, draft: Invite) -> Invite | None:
    return next(
        (
            invite
            for invite in uow.invites.for_receiver(draft.receiver_id)
            if (invite.kind, invite.sender_id, invite.event_id)
            == (draft.kind, draft.sender_id, draft.event_id)
        ),
        None,
    )


def _befriend(uow: UnitOfWork, invite: Invite, now: datetime) -> None:
    try:
        uow.friendships.add(new_friendship(invite.sender_id, invite.receiver_id, now))
    except AlreadyExists:
        return  # befriended meanwhile, by the other's invite: nothing more to do
    if uow.chats.direct(invite.sender_id, invite.receiver_id) is None:
        uow.chats.add(direct_chat(invite.sender_id, invite.receiver_id, now))


def _join(uow: UnitOfWork, event_id: EventId, user_id: UserId, now: datetime) -> EventJoined | None:
    """Register the guest (a no-op for one who takes part already)."""
    # Locked: the seat count must not change between the check and the save.
    event: Event | None = uow.events.lock(event_id)
    if event is None:
        return None
    if takes_part(uow, event, user_id):
        return None
    take_seat(uow, event, user_id, now)
    return joined(view_of(uow, event_id), user_id)
