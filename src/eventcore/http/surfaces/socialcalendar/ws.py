"""GET /socialcalendar/ws: new chat messages, live, over a WebSocket.

The socket is opened with the session cookie (a browser sends it with the
upgrade, as the page and the API share an origin). An upgrade whose `Origin` names
another site is closed at once with code 4403, so no other site's page can listen
with a visitor's cookie; without a valid session it is closed with 4401. Then the
server sends

    {"type": "connection_established", "data": {"user_id": "1"}}

and, for every message written in a chat the user is a member of, on any worker
or host (through Redis when EVENTCORE_REDIS_URL is set),

    {"type": "message_posted", "data": {<the message, as in /chat>}}

Other notices are not sent here. The socket closes with 4401 when the session
expires, and with 1001 when the server restarts: reconnect then.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from simple_websocket import Server

from eventcore.domain.errors import Unauthenticated
from eventcore.domain.notices import MessagePosted
from eventcore.http.context import core
from eventcore.http.sessions import CROSS_SITE, same_host
from eventcore.http.surfaces.socialcalendar import schemas
from eventcore.http.surfaces.socialcalendar.auth import COOKIES
from eventcore.http.websocket import (
    CLOSE_UNAUTHENTICATED,
    close,
    mount_socket,
    serve_notices,
)
from eventcore.ports.notifier import StampedNotice
from eventcore.usecases import sessions

PATH = "/ws"
CLOSE_CROSS_SITE = 4403


def install(app: Flask, root: str) -> None:
    """Serve the socket at `root` + /ws."""
    mount_socket(app, root, name="socialcalendar_ws", path=PATH, view=messages_socket)


def messages_socket(ws: Server) -> None:
    c = core()
    origin = request.headers.get("Origin")
    if origin is not None and not same_host(origin, request.host):
        close(ws, CLOSE_CROSS_SITE, CROSS_SITE)
        return
    try:
        user, expires_at = sessions.resolve_session_until(c.uow(), c.clock, COOKIES.token())
    except Unauthenticated as error:
        close(ws, CLOSE_UNAUTHENTICATED, error.message)
        return
    greeting = _text("connection_established", {"user_id": str(user.id)})
    serve_notices(ws, user_id=user.id, expires_at=expires_at, render=render, greeting=greeting)


def render(stamped: StampedNotice) -> str | None:
    """A new message as this API's clients read it; None for every other notice."""
    notice = stamped.notice
    if not isinstance(notice, MessagePosted):
        return None
    return _text("message_posted", schemas.message(notice.message))


def _text(kind: str, data: dict[str, Any]) -> str:
    return json.dumps({"type": kind, "data": data})
