"""/chats, /chat and /chat/msg: the caller's chats, one chat with its messages, and
writing, changing and deleting one's messages. New messages also reach the chat's
members on the socket of this API (ws.py)."""

from __future__ import annotations

from typing import Any

from flask import Response

from eventcore.domain.ids import ChatId, MessageId
from eventcore.http.context import core
from eventcore.http.surfaces.socialcalendar import schemas
from eventcore.http.surfaces.socialcalendar.auth import SECURED, actor, session_required
from eventcore.http.surfaces.socialcalendar.blueprint import socialcalendar_blueprint
from eventcore.usecases import chats

blp = socialcalendar_blueprint("chats", "Event chats and direct chats between friends")


@blp.route("/chats", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.ChatsQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.ChatOut(many=True))
@blp.alt_response(400, description="count_getting or count is not a number in range")
@blp.alt_response(401, description="No valid session")
def list_chats(count_getting: int, count: int) -> list[dict[str, Any]]:
    """`count` more of the caller's chats, after the `count_getting` already loaded."""
    found = chats.list_chats(core().uow(), actor().id, skip=count_getting, count=count)
    return [schemas.chat(transcript) for transcript in found]


@blp.route("/chat", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.ChatOut)
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Not a member of this chat")
@blp.alt_response(404, description="No such chat")
def get_chat(id: int) -> dict[str, Any]:
    """A chat with its messages in writing order."""
    return schemas.chat(chats.open_chat(core().uow(), actor().id, ChatId(id)))


@blp.route("/chat/msg", methods=["POST"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.MessageIn)
@blp.response(204, description="Sent")
@blp.alt_response(400, description="No chat_id or text, or a blank or too long text")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Not a member of this chat")
@blp.alt_response(404, description="No such chat")
def post_message(body: dict[str, Any]) -> Response:
    """Write a message in a chat."""
    c = core()
    chats.post_message(
        c.uow(), c.clock, c.notifier, actor().id, ChatId(body["chat_id"]), body["text"]
    )
    return Response(status=204)


@blp.route("/chat/msg", methods=["PUT"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.MessagePutIn)
@blp.response(204, description="Changed")
@blp.alt_response(400, description="No id or text, or a blank or too long text")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Someone else's message")
@blp.alt_response(404, description="No such message")
def edit_message(body: dict[str, Any]) -> Response:
    """Change one's own message."""
    c = core()
    chats.edit_message(c.uow(), c.clock, actor().id, MessageId(body["id"]), body["text"])
    return Response(status=204)


@blp.route("/chat/msg", methods=["DELETE"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(204, description="Deleted")
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Someone else's message")
@blp.alt_response(404, description="No such message")
def delete_message(id: int) -> Response:
    """Delete one's own message."""
    chats.delete_message(core().uow(), actor().id, MessageId(id))
    return Response(status=204)
