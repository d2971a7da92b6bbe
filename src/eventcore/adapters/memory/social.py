"""Memory repositories of friendships, invites, and chats with their messages.

Friendships are keyed by their (smaller id, larger id) pair, which makes them one per
pair as the SQL UNIQUE constraint does; a second chat of one event or one pair is
refused as the SQL UNIQUE constraints on `chats` refuse it.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from eventcore.adapters.memory.repositories import _copy, _Table
from eventcore.adapters.memory.store import delete_row
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.ids import ChatId, EventId, InviteId, MessageId, UserId
from eventcore.domain.social import Chat, ChatMessage, Friendship, Invite

ALREADY_FRIENDS = "You are friends already."
CHAT_EXISTS = "This chat exists already."


def _pair(first: UserId, second: UserId) -> tuple[UserId, UserId]:
    return (first, second) if first < second else (second, first)


class MemoryFriendshipRepository(_Table):
    name = "friendships"

    def add(self, friendship: Friendship) -> None:
        key = (friendship.user_id, friendship.friend_id)
        if key in self._rows:
            raise AlreadyExists(ALREADY_FRIENDS, field="id")
        self._rows[key] = attrs.evolve(friendship)

    def remove(self, first: UserId, second: UserId) -> bool:
        return self._rows.pop(_pair(first, second), None) is not None

    def are_friends(self, first: UserId, second: UserId) -> bool:
        return _pair(first, second) in self._rows

    def friends_of(self, user_id: UserId) -> Sequence[UserId]:
        found = [f.friend_id for f in self._rows.values() if f.user_id == user_id]
        found += [f.user_id for f in self._rows.values() if f.friend_id == user_id]
        return sorted(found)


class MemoryInviteRepository(_Table):
    name = "invites"

    def add(self, invite: Invite) -> Invite:
        stored = attrs.evolve(invite, id=InviteId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, invite_id: InviteId) -> Invite | None:
        return _copy(self._rows.get(invite_id))

    def lock(self, invite_id: InviteId) -> Invite | None:
        # A memory unit of work already holds the store's lock from start to end.
        return self.get(invite_id)

    def delete(self, invite_id: InviteId) -> bool:
        if invite_id not in self._rows:
            return False
        delete_row(self._tables, self.name, invite_id)
        return True

    def for_receiver(self, user_id: UserId) -> Sequence[Invite]:
        return [
            attrs.evolve(i)
            for i in sorted(self._rows.values(), key=lambda i: i.id)
            if i.receiver_id == user_id
        ]


class MemoryChatRepository(_Table):
    name = "chats"

    def add(self, chat: Chat) -> Chat:
        for other in self._rows.values():
            same_event = chat.event_id is not None and other.event_id == chat.event_id
            same_pair = chat.user_id_1 is not None and (other.user_id_1, other.user_id_2) == (
                chat.user_id_1,
                chat.user_id_2,
            )
            if same_event or same_pair:
                raise AlreadyExists(CHAT_EXISTS, field="id")
        stored = attrs.evolve(chat, id=ChatId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, chat_id: ChatId) -> Chat | None:
        return _copy(self._rows.get(chat_id))

    def of_event(self, event_id: EventId) -> Chat | None:
        found = [c for c in self._rows.values() if c.event_id == event_id]
        return attrs.evolve(found[0]) if found else None

    def direct(self, first: UserId, second: UserId) -> Chat | None:
        pair = _pair(first, second)
        found = [c for c in self._rows.values() if (c.user_id_1, c.user_id_2) == pair]
        return attrs.evolve(found[0]) if found else None

    def visible_to(self, user_id: UserId, event_ids: Sequence[EventId]) -> Sequence[Chat]:
        wanted = set(event_ids)
        return [
            attrs.evolve(c)
            for c in sorted(self._rows.values(), key=lambda c: c.id)
            if c.event_id in wanted or user_id in (c.user_id_1, c.user_id_2)
        ]

    def add_message(self, message: ChatMessage) -> ChatMessage:
        stored = attrs.evolve(message, id=MessageId(self._store.next_id("chat_messages")))
        self._tables["chat_messages"][stored.id] = stored
        return attrs.evolve(stored)

    def get_message(self, message_id: MessageId) -> ChatMessage | None:
        return _copy(self._tables["chat_messages"].get(message_id))

    def save_message(self, message: ChatMessage) -> None:
        self._tables["chat_messages"][message.id] = attrs.evolve(message)

    def delete_message(self, message_id: MessageId) -> bool:
        return self._tables["chat_messages"].pop(message_id, None) is not None

    def messages(self, chat_id: ChatId) -> Sequence[ChatMessage]:
        return self.messages_of([chat_id])

    def messages_of(self, chat_ids: Sequence[ChatId]) -> Sequence[ChatMessage]:
        wanted = set(chat_ids)
        found = [m for m in self._tables["chat_messages"].values() if m.chat_id in wanted]
        return [
            attrs.evolve(m) for m in sorted(found, key=lambda m: (m.chat_id, m.created_at, m.id))
        ]
