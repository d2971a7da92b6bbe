"""Chats: a user's chats, one chat with its messages, and writing, editing and deleting
messages. A chat is open to its members only (domain/social.py `chat_members`): the
two of a direct chat, the participants of an event's chat.

Direct chats are opened with the friendship (usecases/invites.py); an event's chat
with the group event (usecases/events.py). A new message is published as a
MessagePosted notice that only the chat's members hear.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain.errors import NotFound
from eventcore.domain.ids import MAX_ID, ChatId, MessageId, UserId
from eventcore.domain.notices import MessagePosted
from eventcore.domain.social import (
    Chat,
    ChatMessage,
    ChatTranscript,
    chat_members,
    edited_message,
    ensure_member,
    ensure_own_message,
    new_message,
)
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.people import event_ids_of

CHAT_NOT_FOUND = "No chat with this id."
MESSAGE_NOT_FOUND = "No message with this id."


def list_chats(
    uow: UnitOfWork, user_id: UserId, *, skip: int, count: int
) -> Sequence[ChatTranscript]:
    """`count` of the user's chats after the first `skip`, by id (a stable order), each
    with its messages, in a fixed number of statements."""
    with uow.reading():
        mine = uow.chats.visible_to(user_id, event_ids_of(uow, user_id, viewer_id=user_id))
        chosen = list(mine[skip : skip + count])
        messages = uow.chats.messages_of([chat.id for chat in chosen])
    by_chat: dict[ChatId, list[ChatMessage]] = {chat.id: [] for chat in chosen}
    for message in messages:
        by_chat[message.chat_id].append(message)
    return [ChatTranscript(chat=chat, messages=tuple(by_chat[chat.id])) for chat in chosen]


def open_chat(uow: UnitOfWork, user_id: UserId, chat_id: ChatId) -> ChatTranscript:
    """The chat with its messages in writing order. Raises NotFound (id) or Forbidden."""
    with uow.reading():
        chat = _chat_of_member(uow, user_id, chat_id)
        return ChatTranscript(chat=chat, messages=tuple(uow.chats.messages(chat.id)))


def post_message(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, user_id: UserId, chat_id: ChatId, text: str
) -> ChatMessage:
    """Write in a chat. Raises NotFound (chat_id), Forbidden, or InvalidValue (text)."""
    now = clock.now()
    with uow:
        chat = _chat(uow, chat_id, field="chat_id")
        members = _members(uow, chat)
        ensure_member(members, user_id)
        message = uow.chats.add_message(new_message(chat, user_id, text, now))
        uow.commit()
    notifier.publish(MessagePosted(message=message, audience=members))
    return message


def edit_message(
    uow: UnitOfWork, clock: Clock, user_id: UserId, message_id: MessageId, text: str
) -> ChatMessage:
    """Change one's own message. Raises NotFound (id), Forbidden, or InvalidValue (text)."""
    with uow:
        edited = edited_message(_message(uow, message_id), user_id, text, clock.now())
        uow.chats.save_message(edited)
        uow.commit()
        return edited


def delete_message(uow: UnitOfWork, user_id: UserId, message_id: MessageId) -> None:
    """Delete one's own message. Raises NotFound (id) or Forbidden."""
    with uow:
        message = _message(uow, message_id)
        ensure_own_message(message, user_id)
        uow.chats.delete_message(message.id)
        uow.commit()


def _chat_of_member(uow: UnitOfWork, user_id: UserId, chat_id: ChatId) -> Chat:
    chat = _chat(uow, chat_id, field="id")
    ensure_member(_members(uow, chat), user_id)
    return chat


def _chat(uow: UnitOfWork, chat_id: ChatId, *, field: str) -> Chat:
    chat = uow.chats.get(chat_id) if 0 < chat_id <= MAX_ID else None
    if chat is None:
        raise NotFound(CHAT_NOT_FOUND, field=field)
    return chat


def _members(uow: UnitOfWork, chat: Chat) -> frozenset[UserId]:
    if chat.event_id is None:
        return chat_members(chat, ())
    details = uow.event_queries.details(chat.event_id)
    participants = details.participants if details is not None else ()
    return chat_members(chat, (person.id for person in participants))


def _message(uow: UnitOfWork, message_id: MessageId) -> ChatMessage:
    message = uow.chats.get_message(message_id) if 0 < message_id <= MAX_ID else None
    if message is None:
        raise NotFound(MESSAGE_NOT_FOUND, field="id")
    return message
