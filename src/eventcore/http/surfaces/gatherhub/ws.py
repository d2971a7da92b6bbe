"""GET /ws/events/?token=<access>: GatherHub's real-time notices over a WebSocket.

Browsers cannot set headers on a WebSocket, so the access token travels in the
query string. The server accepts the upgrade, then checks the token: a
missing, invalid or expired token, or a disabled account, is closed at once
with code 4401 and the reason as text (a browser cannot read the status of a
refused upgrade, but it can read a close code). Then:

    {"type": "connection_established", "data": {"user_id": 1}, "timestamp": "...Z"}

and every notice the user may hear, in the seed's format
{"type": ..., "data": {...}, "timestamp": "2024-01-01T12:00:00Z"}. A notice
about a private event reaches only the users in its audience. The socket is
closed with 4401 when the access token expires; reconnect with a fresh one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, request
from simple_websocket import Server

from eventcore.domain.errors import Unauthenticated
from eventcore.http.context import core
from eventcore.http.surfaces.gatherhub import notices
from eventcore.http.websocket import (
    CLOSE_UNAUTHENTICATED,
    close,
    mount_socket,
    serve_notices,
)
from eventcore.ports.notifier import StampedNotice
from eventcore.usecases import tokens

PATH = "/ws/events/"


def install(app: Flask, root: str) -> None:
    """Serve the socket at `root` + /ws/events/."""
    mount_socket(app, root, name="gatherhub_ws", path=PATH, view=events_socket)


def events_socket(ws: Server) -> None:
    c = core()
    token = request.args.get("token", "").strip()
    try:
        if not token:
            raise Unauthenticated("Authentication credentials were not provided.")
        user = tokens.authenticate(c.uow(), c.clock, c.tokens, token)
        expires_at = datetime.fromtimestamp(
            c.tokens.decode(token, kind=tokens.ACCESS, now=c.clock.now())["exp"], UTC
        )
    except Unauthenticated as error:
        close(ws, CLOSE_UNAUTHENTICATED, error.message)
        return
    greeting = notices.text("connection_established", {"user_id": user.id}, c.clock.now())
    serve_notices(ws, user_id=user.id, expires_at=expires_at, render=render, greeting=greeting)


def render(stamped: StampedNotice) -> str | None:
    """A notice as GatherHub clients read it (None: not one they hear of)."""
    return notices.message(stamped)
