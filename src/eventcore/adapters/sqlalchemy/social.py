"""Sql repositories of friendships, invites, and chats with their messages, with their
row functions.

Each method runs a fixed number of statements. Friendships and chats are inserted
inside `unique_rules`, so a UNIQUE violation (a parallel request that got there first)
becomes AlreadyExists and the unit of work stays usable.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from sqlalchemy import ColumnElement, and_, delete, insert, or_, select, update

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.conflicts import unique_rules
from eventcore.adapters.sqlalchemy.repositories import _new_id, _Repository
from eventcore.adapters.sqlalchemy.tables import chat_messages, chats, friendships, invites
from eventcore.domain.ids import ChatId, EventId, InviteId, MessageId, UserId
from eventcore.domain.social import (
    Chat,
    ChatKind,
    ChatMessage,
    Friendship,
    Invite,
    InviteKind,
)


def _pair(first: UserId, second: UserId) -> tuple[UserId, UserId]:
    return (first, second) if first < second else (second, first)


def _optional_user(value: int | None) -> UserId | None:
    return None if value is None else UserId(value)


def invite_from_row(row: rows.Row) -> Invite:
    return Invite(
        id=InviteId(row["id"]),
        kind=InviteKind(row["kind"]),
        sender_id=UserId(row["sender_id"]),
        receiver_id=UserId(row["receiver_id"]),
        event_id=None if row["event_id"] is None else EventId(row["event_id"]),
        created_at=row["created_at"],
    )


def chat_from_row(row: rows.Row) -> Chat:
    return Chat(
        id=ChatId(row["id"]),
        kind=ChatKind(row["kind"]),
        event_id=None if row["event_id"] is None else EventId(row["event_id"]),
        user_id_1=_optional_user(row["user_id_1"]),
        user_id_2=_optional_user(row["user_id_2"]),
        created_at=row["created_at"],
    )


def message_from_row(row: rows.Row) -> ChatMessage:
    return ChatMessage(
        id=MessageId(row["id"]),
        chat_id=ChatId(row["chat_id"]),
        user_id=UserId(row["user_id"]),
        text=row["text"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _without_id(entity: Invite | Chat | ChatMessage) -> dict[str, object]:
    values = attrs.asdict(entity)
    del values["id"]
    return values


class SqlFriendshipRepository(_Repository):
    def add(self, friendship: Friendship) -> None:
        with unique_rules(self._connection):
            self._connection.execute(insert(friendships).values(attrs.asdict(friendship)))

    def remove(self, first: UserId, second: UserId) -> bool:
        result = self._connection.execute(delete(friendships).where(self._is(first, second)))
        return result.rowcount > 0

    def are_friends(self, first: UserId, second: UserId) -> bool:
        found = self._connection.execute(
            select(friendships.c.user_id).where(self._is(first, second))
        ).first()
        return found is not None

    def friends_of(self, user_id: UserId) -> Sequence[UserId]:
        mine = select(friendships.c.friend_id.label("id")).where(friendships.c.user_id == user_id)
        theirs = select(friendships.c.user_id.label("id")).where(friendships.c.friend_id == user_id)
        union = mine.union_all(theirs).subquery()
        result = self._connection.execute(select(union.c.id).order_by(union.c.id))
        return [UserId(value) for value in result.scalars()]

    @staticmethod
    def _is(first: UserId, second: UserId) -> ColumnElement[bool]:
        low, high = _pair(first, second)
        return and_(friendships.c.user_id == low, friendships.c.friend_id == high)


class SqlInviteRepository(_Repository):
    def add(self, invite: Invite) -> Invite:
        result = self._connection.execute(insert(invites).values(_without_id(invite)))
        return attrs.evolve(invite, id=InviteId(_new_id(result)))

    def get(self, invite_id: InviteId) -> Invite | None:
        return self._one(invite_id, for_update=False)

    def lock(self, invite_id: InviteId) -> Invite | None:
        return self._one(invite_id, for_update=True)

    def delete(self, invite_id: InviteId) -> bool:
        result = self._connection.execute(delete(invites).where(invites.c.id == invite_id))
        return result.rowcount > 0

    def for_receiver(self, user_id: UserId) -> Sequence[Invite]:
        result = self._connection.execute(
            select(invites).where(invites.c.receiver_id == user_id).order_by(invites.c.id)
        )
        return [invite_from_row(row) for row in result.mappings()]

    def _one(self, invite_id: InviteId, *, for_update: bool) -> Invite | None:
        statement = select(invites).where(invites.c.id == invite_id)
        if for_update:
            statement = statement.with_for_update()
        row = self._connection.execute(statement).mappings().first()
        return None if row is None else invite_from_row(row)


class SqlChatRepository(_Repository):
    def add(self, chat: Chat) -> Chat:
        with unique_rules(self._connection):
            result = self._connection.execute(insert(chats).values(_without_id(chat)))
        return attrs.evolve(chat, id=ChatId(_new_id(result)))

    def get(self, chat_id: ChatId) -> Chat | None:
        return self._first(chats.c.id == chat_id)

    def of_event(self, event_id: EventId) -> Chat | None:
        return self._first(chats.c.event_id == event_id)

    def direct(self, first: UserId, second: UserId) -> Chat | None:
        low, high = _pair(first, second)
        return self._first(and_(chats.c.user_id_1 == low, chats.c.user_id_2 == high))

    def visible_to(self, user_id: UserId, event_ids: Sequence[EventId]) -> Sequence[Chat]:
        result = self._connection.execute(
            select(chats)
            .where(
                or_(
                    chats.c.event_id.in_(list(event_ids)),
                    chats.c.user_id_1 == user_id,
                    chats.c.user_id_2 == user_id,
                )
            )
            .order_by(chats.c.id)
        )
        return [chat_from_row(row) for row in result.mappings()]

    def add_message(self, message: ChatMessage) -> ChatMessage:
        result = self._connection.execute(insert(chat_messages).values(_without_id(message)))
        return attrs.evolve(message, id=MessageId(_new_id(result)))

    def get_message(self, message_id: MessageId) -> ChatMessage | None:
        row = (
            self._connection.execute(select(chat_messages).where(chat_messages.c.id == message_id))
            .mappings()
            .first()
        )
        return None if row is None else message_from_row(row)

    def save_message(self, message: ChatMessage) -> None:
        self._connection.execute(
            update(chat_messages)
            .where(chat_messages.c.id == message.id)
            .values(_without_id(message))
        )

    def delete_message(self, message_id: MessageId) -> bool:
        result = self._connection.execute(
            delete(chat_messages).where(chat_messages.c.id == message_id)
        )
        return result.rowcount > 0

    def messages(self, chat_id: ChatId) -> Sequence[ChatMessage]:
        result = self._connection.execute(
            select(chat_messages)
            .where(chat_messages.c.chat_id == chat_id)
            .order_by(chat_messages.c.created_at, chat_messages.c.id)
        )
        return [message_from_row(row) for row in result.mappings()]

    def messages_of(self, chat_ids: Sequence[ChatId]) -> Sequence[ChatMessage]:
        if not chat_ids:
            return []
        result = self._connection.execute(
            select(chat_messages)
            .where(chat_messages.c.chat_id.in_(chat_ids))
            .order_by(chat_messages.c.chat_id, chat_messages.c.created_at, chat_messages.c.id)
        )
        return [message_from_row(row) for row in result.mappings()]

    def _first(self, condition: ColumnElement[bool]) -> Chat | None:
        row = self._connection.execute(select(chats).where(condition)).mappings().first()
        return None if row is None else chat_from_row(row)
