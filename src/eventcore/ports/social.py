"""Repositories of friendships, invites, and chats with their messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventcore.domain.ids import ChatId, EventId, InviteId, MessageId, UserId
from eventcore.domain.social import Chat, ChatMessage, Friendship, Invite


class FriendshipRepository(Protocol):
    def add(self, friendship: Friendship) -> None:
        """Store a friendship (smaller id first). Raises AlreadyExists when the two are
        friends already, also when another transaction made them friends a moment ago."""
        ...

    def remove(self, first: UserId, second: UserId) -> bool:
        """End the friendship of the two, in either order; True when there was one."""
        ...

    def are_friends(self, first: UserId, second: UserId) -> bool: ...

    def friends_of(self, user_id: UserId) -> Sequence[UserId]:
        """The ids of the user's friends, ascending."""
        ...


class InviteRepository(Protocol):
    def add(self, invite: Invite) -> Invite: ...

    def get(self, invite_id: InviteId) -> Invite | None: ...

    def lock(self, invite_id: InviteId) -> Invite | None:
        """Like get, and holds off other writers to this invite until the unit of work
        ends; once another transaction answered it, None."""
        ...

    def delete(self, invite_id: InviteId) -> bool:
        """True when there was such an invite."""
        ...

    def for_receiver(self, user_id: UserId) -> Sequence[Invite]:
        """The invites the user has received, by id."""
        ...


class ChatRepository(Protocol):
    def add(self, chat: Chat) -> Chat:
        """Raises AlreadyExists for a second chat of one event or one pair of users."""
        ...

    def get(self, chat_id: ChatId) -> Chat | None: ...

    def of_event(self, event_id: EventId) -> Chat | None: ...

    def direct(self, first: UserId, second: UserId) -> Chat | None:
        """The direct chat of the two, in either order."""
        ...

    def visible_to(self, user_id: UserId, event_ids: Sequence[EventId]) -> Sequence[Chat]:
        """The user's direct chats and the chats of the given events, by id."""
        ...

    def add_message(self, message: ChatMessage) -> ChatMessage: ...

    def get_message(self, message_id: MessageId) -> ChatMessage | None: ...

    def save_message(self, message: ChatMessage) -> None: ...

    def delete_message(self, message_id: MessageId) -> bool: ...

    def messages(self, chat_id: ChatId) -> Sequence[ChatMessage]:
        """The chat's messages in writing order (time, then id)."""
        ...

    def messages_of(self, chat_ids: Sequence[ChatId]) -> Sequence[ChatMessage]:
        """The messages of all those chats, by chat, each in writing order; one query."""
        ...
