"""Friendships, invites (to be friends or to join an event), chats and their messages.

A friendship is one row per pair, stored with the smaller user id first, so the pair
is unique whichever of the two asked. A chat belongs either to one event (its members
are the event's participants) or to one pair of users (a direct chat, at most one per
pair, stored with the smaller id first as well).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

import attrs
from attrs import define, frozen

from eventcore.domain.errors import AlreadyExists, Conflict, Forbidden, Reason
from eventcore.domain.ids import ChatId, EventId, InviteId, MessageId, UserId
from eventcore.domain.users import User
from eventcore.domain.validation import check_length, require
from eventcore.domain.views import EventDetails

MESSAGE_MAX_LENGTH = 5000


class InviteKind(enum.StrEnum):
    FRIEND = "friend"
    EVENT = "event"


class ChatKind(enum.StrEnum):
    EVENT = "event"
    DIRECT = "direct"


@define(kw_only=True)
class Friendship:
    user_id: UserId
    friend_id: UserId
    created_at: datetime


@define(kw_only=True)
class Invite:
    id: InviteId = InviteId(0)
    kind: InviteKind
    sender_id: UserId
    receiver_id: UserId
    event_id: EventId | None = None
    created_at: datetime


@define(kw_only=True)
class Chat:
    id: ChatId = ChatId(0)
    kind: ChatKind
    event_id: EventId | None = None
    user_id_1: UserId | None = None
    user_id_2: UserId | None = None
    created_at: datetime


@define(kw_only=True)
class ChatMessage:
    id: MessageId = MessageId(0)
    chat_id: ChatId
    user_id: UserId
    text: str
    created_at: datetime
    updated_at: datetime


class AlreadyFriends(AlreadyExists):
    code = "already_friends"


class SamePerson(Conflict):
    """A friendship, invite or direct chat of a user with themselves."""

    code = "same_person"


def ordered_pair(first: UserId, second: UserId) -> tuple[UserId, UserId]:
    """The two ids, smaller first. Raises SamePerson (id) when they are the same user."""
    if first == second:
        raise SamePerson("The other user must be someone else than you.", field="id")
    return (first, second) if first < second else (second, first)


def new_friendship(first: UserId, second: UserId, now: datetime) -> Friendship:
    low, high = ordered_pair(first, second)
    return Friendship(user_id=low, friend_id=high, created_at=now)


def friend_invite(sender_id: UserId, receiver_id: UserId, now: datetime) -> Invite:
    """Raises SamePerson (id) for an invite to oneself."""
    ordered_pair(sender_id, receiver_id)
    return Invite(
        kind=InviteKind.FRIEND, sender_id=sender_id, receiver_id=receiver_id, created_at=now
    )


def event_invite(
    sender_id: UserId, receiver_id: UserId, event_id: EventId, now: datetime
) -> Invite:
    """Raises SamePerson (id) for an invite to oneself."""
    ordered_pair(sender_id, receiver_id)
    return Invite(
        kind=InviteKind.EVENT,
        sender_id=sender_id,
        receiver_id=receiver_id,
        event_id=event_id,
        created_at=now,
    )


def ensure_receiver(invite: Invite, actor_id: UserId) -> None:
    if invite.receiver_id != actor_id:
        raise Forbidden("Only the invited user can answer an invite.", reason="invite_receiver")


def event_chat(event_id: EventId, now: datetime) -> Chat:
    return Chat(kind=ChatKind.EVENT, event_id=event_id, created_at=now)


def direct_chat(first: UserId, second: UserId, now: datetime) -> Chat:
    low, high = ordered_pair(first, second)
    return Chat(kind=ChatKind.DIRECT, user_id_1=low, user_id_2=high, created_at=now)


def _checked_text(text: str) -> str:
    cleaned = text.strip()
    check_length(cleaned, "text", maximum=MESSAGE_MAX_LENGTH)
    require(bool(cleaned), "text", Reason.BLANK)
    return cleaned


def new_message(chat: Chat, user_id: UserId, text: str, now: datetime) -> ChatMessage:
    """Raises InvalidValue (text) for a blank or too long text."""
    return ChatMessage(
        chat_id=chat.id, user_id=user_id, text=_checked_text(text), created_at=now, updated_at=now
    )


def edited_message(message: ChatMessage, actor_id: UserId, text: str, now: datetime) -> ChatMessage:
    """Raises Forbidden for another's message, InvalidValue (text) for a bad text."""
    ensure_own_message(message, actor_id)
    return attrs.evolve(message, text=_checked_text(text), updated_at=now)


def ensure_own_message(message: ChatMessage, actor_id: UserId) -> None:
    if message.user_id != actor_id:
        raise Forbidden("Only the message's author can change it.", reason="own_message")


@frozen(kw_only=True)
class Ties:
    """A user with the ids of what they are part of: their events (made or joined),
    friends, chats and the invites waiting for their answer."""

    user: User
    # The user's Google account, shown to the user only.
    google_subject: str | None = None
    event_ids: tuple[EventId, ...] = ()
    friend_ids: tuple[UserId, ...] = ()
    chat_ids: tuple[ChatId, ...] = ()
    invite_ids: tuple[InviteId, ...] = ()


@frozen(kw_only=True)
class ChatTranscript:
    """A chat with its messages in writing order."""

    chat: Chat
    messages: tuple[ChatMessage, ...]


@frozen(kw_only=True)
class PlannedEvent:
    """An event with its participants and, for a group event, its chat."""

    details: EventDetails
    chat_id: ChatId | None


def chat_members(chat: Chat, event_participants: Iterable[UserId]) -> frozenset[UserId]:
    """Who reads and writes in `chat`: the two of a direct chat, or the participants
    of the chat's event (given by the caller)."""
    if chat.kind is ChatKind.DIRECT:
        return frozenset(user for user in (chat.user_id_1, chat.user_id_2) if user is not None)
    return frozenset(event_participants)


def ensure_member(members: frozenset[UserId], user_id: UserId) -> None:
    if user_id not in members:
        raise Forbidden("This chat is not open to you.", reason="chat_member")


def ensure_may_invite(sender_takes_part: bool) -> None:
    if not sender_takes_part:
        raise Forbidden("Only the event's members can invite others to it.", reason="event_member")
