"""A socket's mailbox, a worker's socket slots, and the loop that streams notices, with a
stand-in for simple-websocket's server socket."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.notices import EventCreated, EventFacts
from eventcore.http.surfaces.gatherhub.notices import payload
from eventcore.http.websocket import Mailbox, SocketSlots, stream_notices
from eventcore.ports.notifier import StampedNotice
from support.constants import T0


def created(number: int, audience: frozenset[int] | None = None) -> EventCreated:
    """A notice that event `number` was created, heard by `audience`."""
    people = None if audience is None else frozenset(UserId(user) for user in audience)
    return EventCreated(event=EventFacts(EventId(number), "Jazz", 1), audience=people)


def notice(number: int, audience: frozenset[int] | None = None) -> StampedNotice:
    return StampedNotice(created(number, audience), T0)


def test_a_mailbox_takes_notices_in_order_without_ever_blocking() -> None:
    mailbox = Mailbox(3, on_overflow=lambda: None)
    for number in range(3):
        mailbox.offer(notice(number))

    assert [mailbox.take_nowait() for _ in range(4)] == [notice(0), notice(1), notice(2), None]


def test_a_full_mailbox_drops_its_client_once_and_takes_nothing_more() -> None:
    dropped: list[str] = []
    mailbox = Mailbox(2, on_overflow=lambda: dropped.append("dropped"))

    started = time.monotonic()
    for number in range(50):
        mailbox.offer(notice(number))

    assert time.monotonic() - started < 0.5
    assert dropped == ["dropped"]
    assert mailbox.overflowed


def test_slots_are_bounded_in_all_and_per_user_and_come_back() -> None:
    slots = SocketSlots()

    granted = [slots.claim(1, total=3, per_user=2) for _ in range(2)]
    per_user = slots.claim(1, total=3, per_user=2)
    other = slots.claim(2, total=3, per_user=2)
    full = slots.claim(3, total=3, per_user=2)
    slots.release(1)
    again = slots.claim(3, total=3, per_user=2)

    assert granted == [None, None]
    assert per_user == "At most 2 open sockets per user; close one first."
    assert other is None
    assert full == "Too many open sockets on this server; try again later."
    assert again is None
    assert len(slots) == 3


class FakeSocket:
    """What stream_notices uses of simple_websocket.Server."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.connected = True
        self.input_buffer: list[str] = []
        self.sent: list[dict[str, Any]] = []
        self.closed_with: tuple[int, str] | None = None
        self.thread = threading.Thread(target=lambda: None)
        self.thread.start()
        self.sock = self

    def send(self, text: str) -> None:
        self.sent.append(json.loads(text))

    def receive(self, timeout: float | None = None) -> str | None:
        return self.input_buffer.pop(0) if self.input_buffer else None

    def close(self, code: int, reason: str) -> None:
        self.closed_with = (code, reason)
        self.connected = False

    def shutdown(self, how: int) -> None:
        self.connected = False

    def client_leaves(self) -> None:
        self.connected = False
        self.event.set()


def render(stamped: StampedNotice) -> str:
    """The event's type and id, enough to tell the notices apart."""
    kind, data = payload(stamped.notice)
    return json.dumps({"type": kind, "data": {"id": data["id"]}})


class Stream:
    """stream_notices running on a thread against a FakeSocket."""

    def __init__(
        self,
        *,
        user_id: int = 1,
        expires_in: timedelta = timedelta(hours=1),
        mailbox_size: int = 256,
    ) -> None:
        self.socket = FakeSocket()
        self.clock = FixedClock(T0)
        self.feed = InProcessNotifier(clock=self.clock)
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=stream_notices,
            args=(self.socket,),
            kwargs={
                "user_id": user_id,
                "feed": self.feed,
                "render": render,
                "greeting": json.dumps({"type": "hello", "data": {}}),
                "clock": self.clock,
                "expires_at": T0 + expires_in,
                "stop": self.stop,
                "mailbox_size": mailbox_size,
            },
            daemon=True,
        )
        self.thread.start()
        wait_for(lambda: self.socket.sent)

    def listeners(self) -> int:
        return len(self.feed._listeners)


def wait_for(condition: Any, timeout: float = 3) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_the_greeting_comes_first_then_the_notices_the_user_may_hear() -> None:
    stream = Stream(user_id=1)

    stream.feed.publish(created(1))
    stream.feed.publish(created(2, frozenset({2})))
    stream.feed.publish(created(3, frozenset({1, 2})))
    wait_for(lambda: len(stream.socket.sent) == 3)

    assert stream.socket.sent == [
        {"type": "hello", "data": {}},
        {"type": "event_created", "data": {"id": 1}},
        {"type": "event_created", "data": {"id": 3}},
    ]


def test_when_the_client_leaves_the_stream_ends_and_unsubscribes() -> None:
    stream = Stream()
    assert stream.listeners() == 1

    stream.socket.client_leaves()
    stream.thread.join(timeout=2)

    assert not stream.thread.is_alive()
    assert stream.listeners() == 0


def test_the_stream_closes_with_4401_when_the_token_expires() -> None:
    stream = Stream(expires_in=timedelta(minutes=1))

    stream.clock.advance(timedelta(minutes=1))
    stream.thread.join(timeout=3)

    assert stream.socket.closed_with == (4401, "Access token expired; reconnect with a new one.")
    assert stream.listeners() == 0


def test_the_stream_closes_with_1001_when_the_worker_stops() -> None:
    stream = Stream()

    stream.stop.set()
    stream.thread.join(timeout=3)

    assert stream.socket.closed_with == (1001, "Server restarting; reconnect.")


def test_what_the_client_sends_is_thrown_away() -> None:
    stream = Stream()

    stream.socket.input_buffer.extend(["hello", "anyone?"])
    stream.socket.event.set()
    wait_for(lambda: not stream.socket.input_buffer)

    assert stream.socket.connected


@pytest.mark.parametrize(("backlog", "kept"), [(4, True), (5, False), (40, False)])
def test_a_client_that_stops_reading_is_dropped_and_publishers_never_wait(
    backlog: int,
    kept: bool,
) -> None:
    stream = Stream(mailbox_size=4)
    sending = threading.Event()
    stuck = threading.Event()

    def stuck_send(text: str) -> None:  # a full TCP buffer: send() does not return
        sending.set()
        stuck.wait(5)

    stream.socket.send = stuck_send  # type: ignore[method-assign]
    stream.feed.publish(created(0))
    sending.wait(2)
    started = time.monotonic()
    for number in range(backlog):
        stream.feed.publish(created(number))

    assert time.monotonic() - started < 0.5
    assert stream.socket.connected is kept
    stuck.set()
