"""Streaming real-time notices to WebSocket clients (flask-sock / simple-websocket).

Under gunicorn's gthread worker every open socket holds one worker thread for
its whole life, so a worker admits a bounded number of sockets (`SocketSlots`)
and keeps the rest of its threads for HTTP requests. Each socket has a bounded
mailbox: the thread that fans notices out only ever drops a notice into it,
and never waits for a slow client (`Mailbox`).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Flask, current_app
from flask_sock import Sock
from simple_websocket import ConnectionClosed, Server

from eventcore.http.context import core
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import NoticeFeed, StampedNotice

log = logging.getLogger(__name__)

# Close codes. 4000-4999 are the application's own (RFC 6455, 7.4.2).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_TRY_AGAIN_LATER = 1013
CLOSE_GOING_AWAY = 1001
# Seconds a server-side close waits for the client's close frame.
CLOSE_WAIT_SECONDS = 1.0

# app.config keys: sockets one worker admits in all (every surface's together), and
# for one user.
MAX_SOCKETS = "EVENTCORE_WS_MAX_SOCKETS"
MAX_SOCKETS_PER_USER = "EVENTCORE_WS_MAX_SOCKETS_PER_USER"
# What `eventcore serve` admits with its default 64 threads; it sets the number
# from its actual thread count (eventcore.server.websocket_slots).
DEFAULT_MAX_SOCKETS = 48
DEFAULT_MAX_SOCKETS_PER_USER = 5
# Keep-alive: a ping every 25 s keeps proxies from closing an idle socket, and a
# client that misses a pong in the next interval is closed.
PING_SECONDS = 25
# Clients do not send anything; a frame bigger than this closes the socket (1009).
MAX_CLIENT_MESSAGE_BYTES = 4096
_SLOTS = "eventcore.sockets.slots"

# Notices a socket may have waiting before its client counts as too slow.
MAILBOX_SIZE = 256
# How often a socket's thread wakes when nothing happens, to notice that its
# access token expired or that the worker is stopping.
_WAKE_SECONDS = 1.0


class Mailbox:
    """A socket's queue of notices waiting to be sent.

    `offer` never blocks. When the queue is full the client is not reading (a
    send is stuck on a full TCP buffer), and `on_overflow` runs, once, to drop it.
    """

    def __init__(self, size: int, on_overflow: Callable[[], None]) -> None:
        self._queue: queue.Queue[StampedNotice] = queue.Queue(maxsize=size)
        self._on_overflow = on_overflow
        self._lock = threading.Lock()
        self.overflowed = False

    def offer(self, stamped: StampedNotice) -> None:
        if self.overflowed:
            return
        try:
            self._queue.put_nowait(stamped)
        except queue.Full:
            with self._lock:
                if self.overflowed:
                    return
                self.overflowed = True
            self._on_overflow()

    def take_nowait(self) -> StampedNotice | None:
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            return None


class SocketSlots:
    """The sockets one worker holds: at most `total`, and `per_user` for any one user."""

    def __init__(self) -> None:
        self._by_user: Counter[int] = Counter()
        self._lock = threading.Lock()

    def claim(self, user_id: int, *, total: int, per_user: int) -> str | None:
        """Take a slot; None when granted, else the reason it was refused."""
        with self._lock:
            if sum(self._by_user.values()) >= total:
                return "Too many open sockets on this server; try again later."
            if self._by_user[user_id] >= per_user:
                return f"At most {per_user} open sockets per user; close one first."
            self._by_user[user_id] += 1
            return None

    def release(self, user_id: int) -> None:
        with self._lock:
            self._by_user[user_id] -= 1
            if self._by_user[user_id] <= 0:
                del self._by_user[user_id]

    def __len__(self) -> int:
        with self._lock:
            return sum(self._by_user.values())


def mount_socket(
    app: Flask, root: str, *, name: str, path: str, view: Callable[[Server], None]
) -> None:
    """Serve the socket `view` at `root` + `path`: a plain route in a blueprint of its
    own (outside the OpenAPI document; the route-clash check sees it like any other)."""
    blueprint = Blueprint(name, __name__)
    Sock().route(path, bp=blueprint)(view)
    app.register_blueprint(blueprint, url_prefix=root)
    prepare_sockets(app)


def prepare_sockets(app: Flask) -> None:
    """Set up what every surface's sockets share in `app`: the server options, the
    limits, the slots and the shutdown signal. Safe to call once per surface."""
    app.config.setdefault(
        "SOCK_SERVER_OPTIONS",
        {"ping_interval": PING_SECONDS, "max_message_size": MAX_CLIENT_MESSAGE_BYTES},
    )
    app.config.setdefault(MAX_SOCKETS, DEFAULT_MAX_SOCKETS)
    app.config.setdefault(MAX_SOCKETS_PER_USER, DEFAULT_MAX_SOCKETS_PER_USER)
    app.extensions.setdefault(_SLOTS, SocketSlots())
    going_away(app)


def claim_slot(user_id: int) -> str | None:
    """Take one of the current app's socket slots for the user; None when granted, else
    the reason it was refused. Give it back with `release_slot`."""
    slots: SocketSlots = current_app.extensions[_SLOTS]
    return slots.claim(
        user_id,
        total=current_app.config[MAX_SOCKETS],
        per_user=current_app.config[MAX_SOCKETS_PER_USER],
    )


def release_slot(user_id: int) -> None:
    slots: SocketSlots = current_app.extensions[_SLOTS]
    slots.release(user_id)


def going_away(app: Flask) -> threading.Event:
    """Set when the worker serving `app` shuts down: its sockets then close with 1001, so
    clients reconnect elsewhere at once and the shutdown does not wait for them."""
    event: threading.Event = app.extensions.setdefault(_GOING_AWAY, threading.Event())
    return event


_GOING_AWAY = "eventcore.sockets.going_away"


def stream_notices(
    ws: Server,
    *,
    user_id: int,
    feed: NoticeFeed,
    render: Callable[[StampedNotice], str | None],
    greeting: str,
    clock: Clock,
    expires_at: datetime,
    stop: threading.Event,
    mailbox_size: int = MAILBOX_SIZE,
) -> None:
    """Send `greeting`, then every notice `user_id` may hear, until the client leaves,
    the access token expires (closed with 4401), `stop` is set (closed with 1001), or
    the client falls behind (dropped). A notice `render` makes nothing of is skipped."""
    # simple-websocket sets `ws.event` when the client sends something or leaves; a
    # new notice sets it too, so one wait wakes the thread for all three.
    wake = ws.event
    mailbox = Mailbox(mailbox_size, on_overflow=lambda: _drop(ws, user_id))

    def listen(stamped: StampedNotice) -> None:
        if stamped.may_reach(user_id):
            mailbox.offer(stamped)
            wake.set()

    unsubscribe = feed.subscribe(listen)
    try:
        # Sent only once subscribed: whatever happens after the client reads it reaches it.
        ws.send(greeting)
        while True:
            wake.clear()  # before looking, so nothing that arrives meanwhile is missed
            if not ws.connected:
                return
            if stop.is_set():
                close(ws, CLOSE_GOING_AWAY, "Server restarting; reconnect.")
                return
            if clock.now() >= expires_at:
                close(ws, CLOSE_UNAUTHENTICATED, "Access token expired; reconnect with a new one.")
                return
            while (stamped := mailbox.take_nowait()) is not None:
                rendered = render(stamped)
                if rendered is not None:
                    ws.send(rendered)
            _discard_incoming(ws)
            wake.wait(_WAKE_SECONDS)
    except (ConnectionClosed, OSError):
        # The client left, or was dropped as too slow: nothing more to send.
        return
    finally:
        unsubscribe()


def serve_notices(
    ws: Server,
    *,
    user_id: int,
    expires_at: datetime,
    render: Callable[[StampedNotice], str | None],
    greeting: str,
) -> None:
    """Stream the current app's notices to the signed-in `user_id` (see
    `stream_notices`) in one of the worker's socket slots; without a free slot the
    socket is closed with 1013."""
    app_core = core()
    feed = app_core.notifier
    if not isinstance(feed, NoticeFeed):
        raise TypeError(f"{type(feed).__name__} cannot be listened to; use a NoticeFeed")
    refused = claim_slot(user_id)
    if refused:
        close(ws, CLOSE_TRY_AGAIN_LATER, refused)
        return
    try:
        stream_notices(
            ws,
            user_id=user_id,
            feed=feed,
            render=render,
            greeting=greeting,
            clock=app_core.clock,
            expires_at=expires_at,
            stop=going_away(current_app),
        )
    finally:
        release_slot(user_id)


def close(ws: Server, code: int, reason: str) -> None:
    """Close with `code` and `reason`, then give the client a moment to answer.

    Tearing the connection down while the client's answer is unread makes the
    kernel reset it, and the client may then lose the close frame, and with it
    the code that tells it why (seen about once in 200 closes).
    """
    ws.close(code, reason)
    ws.thread.join(timeout=CLOSE_WAIT_SECONDS)


def _discard_incoming(ws: Server) -> None:
    # Clients have nothing to say on this socket; keep what they send from piling up.
    # Only what is already buffered: receive() would clear `ws.event` when waiting.
    while ws.input_buffer:
        ws.receive(timeout=0)


def _drop(ws: Server, user_id: int) -> None:
    """Cut a client that stopped reading. Shutting the socket down also frees its
    thread if it is stuck in a send; a close frame could not get through anyway."""
    log.warning("Dropped the real-time socket of user %s: it stopped reading", user_id)
    with contextlib.suppress(OSError):  # already closed: nothing left to cut
        ws.sock.shutdown(socket.SHUT_RDWR)
