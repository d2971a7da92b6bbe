"""The Redis notifier against the real Redis: what one process publishes, every process's
listeners hear, also after Redis went away and came back."""

from __future__ import annotations

import contextlib
import logging
import queue
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
import redis

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.adapters.realtime.redis_pubsub import ChannelUnavailable, RedisNotifier
from eventcore.bootstrap import build_core
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.notices import (
    EventCreated,
    EventFacts,
    EventJoined,
    EventLeft,
    EventUpdated,
    Notice,
    TaskCreated,
)
from eventcore.domain.tasks import Task
from eventcore.ports.notifier import StampedNotice
from eventcore.settings import Settings
from support.constants import T0
from support.notices import hear

pytestmark = pytest.mark.redis

_KINDS: dict[str, type[EventCreated | EventUpdated]] = {
    "event_created": EventCreated,
    "event_updated": EventUpdated,
}


def event_notice(kind: str, event_id: int) -> Notice:
    """A public notice of `kind` about event `event_id`."""
    facts = EventFacts(EventId(event_id), "Picnic", 1)
    if kind == "event_joined":
        return EventJoined(event=facts, user_id=UserId(2))
    if kind == "event_left":
        return EventLeft(event=facts, user_id=UserId(2))
    return _KINDS[kind](event=facts)


@pytest.fixture
def make_notifier(redis_url: str, redis_prefix: str) -> Iterator[Any]:
    """make_notifier(url=redis_url) -> a RedisNotifier on this test's channel; all closed
    at the end, as a process would close its own."""
    made: list[RedisNotifier] = []

    def make(url: str = redis_url, channel: str = f"{redis_prefix}:notices") -> RedisNotifier:
        notifier = RedisNotifier(url, channel=channel, clock=FixedClock(T0))
        made.append(notifier)
        return notifier

    yield make
    for notifier in made:
        notifier.close()


def listen(notifier: RedisNotifier) -> queue.Queue[StampedNotice]:
    heard: queue.Queue[StampedNotice] = queue.Queue()
    notifier.subscribe(heard.put)
    return heard


def test_a_notice_published_by_one_notifier_reaches_the_listeners_of_another(
    make_notifier: Any,
) -> None:
    publisher, subscriber = make_notifier(), make_notifier()
    heard = listen(subscriber)

    sent = TaskCreated(
        task=Task(
            id=TaskId(7),
            event_id=EventId(1),
            title="Picnic",
            creator_id=UserId(3),
            created_at=T0,
            updated_at=T0,
            due_date=datetime(2030, 6, 1, 12, tzinfo=UTC),
        ),
        audience=frozenset({UserId(3), UserId(1)}),
    )
    publisher.publish(sent)

    stamped = heard.get(timeout=2)
    assert stamped.notice == sent
    assert stamped.at == T0


def test_the_publishing_process_hears_its_own_notices_once(make_notifier: Any) -> None:
    notifier = make_notifier()
    heard = listen(notifier)

    notifier.publish(event_notice("event_updated", 1))

    assert heard.get(timeout=2).notice == event_notice("event_updated", 1)
    with pytest.raises(queue.Empty):
        heard.get(timeout=0.3)


def test_every_listener_of_a_process_hears_a_notice_until_it_unsubscribes(
    make_notifier: Any,
) -> None:
    publisher, subscriber = make_notifier(), make_notifier()
    first: queue.Queue[StampedNotice] = queue.Queue()
    second: queue.Queue[StampedNotice] = queue.Queue()
    subscriber.subscribe(first.put)
    stop_second = subscriber.subscribe(second.put)

    publisher.publish(event_notice("event_joined", 1))
    assert hear(first.get(timeout=2).notice).type == "event_joined"
    assert hear(second.get(timeout=2).notice).type == "event_joined"

    stop_second()
    publisher.publish(event_notice("event_left", 1))
    assert hear(first.get(timeout=2).notice).type == "event_left"
    with pytest.raises(queue.Empty):
        second.get(timeout=0.3)


def test_a_listener_that_fails_does_not_keep_the_notice_from_the_others(
    make_notifier: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    publisher, subscriber = make_notifier(), make_notifier()

    def broken(stamped: StampedNotice) -> None:
        raise RuntimeError("a bug in a listener")

    subscriber.subscribe(broken)
    heard = listen(subscriber)
    publisher.publish(event_notice("event_created", 1))

    assert hear(heard.get(timeout=2).notice).type == "event_created"
    assert "A real-time listener failed on event_created" in caplog.text


def test_notifiers_on_other_channels_hear_nothing(make_notifier: Any, redis_prefix: str) -> None:
    publisher = make_notifier()
    elsewhere = make_notifier(channel=f"{redis_prefix}-other:notices")
    heard = listen(elsewhere)

    publisher.publish(event_notice("event_created", 1))

    with pytest.raises(queue.Empty):
        heard.get(timeout=0.5)


def test_a_message_that_is_not_a_notice_is_skipped(
    make_notifier: Any,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    publisher, subscriber = make_notifier(), make_notifier()
    heard = listen(subscriber)
    raw = redis.Redis.from_url(redis_url)
    try:
        raw.publish(subscriber.channel, b"not json at all")
        raw.publish(subscriber.channel, b'{"type": "event_created"}')
    finally:
        raw.close()
    publisher.publish(event_notice("event_created", 2))

    assert heard.get(timeout=2).notice == event_notice("event_created", 2)
    assert caplog.text.count("ignored a message that is not a notice") == 2


def test_the_readiness_checks_ping_redis_and_make_a_round_trip(make_notifier: Any) -> None:
    notifier = make_notifier()

    notifier.ping()
    notifier.check_round_trip(timeout=2)

    assert notifier.listening


def test_with_redis_unreachable_checks_fail_and_publishing_only_logs(
    make_notifier: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    notifier = make_notifier(url=f"redis://127.0.0.1:{port}/0")

    notifier.publish(event_notice("event_created", 1))

    assert "Real-time notice event_created not sent, Redis is unreachable" in caplog.text
    with pytest.raises(redis.RedisError):
        notifier.ping()
    with pytest.raises(ChannelUnavailable):
        notifier.check_round_trip(timeout=0.5)


class RedisRelay:
    """A TCP relay in front of Redis that a test can cut (an outage) and restore."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 6379)
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            sockets = [s for s in [self._listener, *self._connections] if s is not None]
            self._listener, self._connections = None, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._connections += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay(redis_url: str) -> Iterator[RedisRelay]:
    relay = RedisRelay(redis_url)
    relay.restore()
    yield relay
    relay.cut()


def test_the_subscriber_reconnects_after_a_redis_outage(
    make_notifier: Any,
    relay: RedisRelay,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="eventcore.adapters.realtime.redis_pubsub")
    publisher, behind_relay = make_notifier(), make_notifier(url=relay.url)
    heard = listen(behind_relay)
    publisher.publish(event_notice("event_created", 1))
    assert heard.get(timeout=2).notice.event.id == 1

    relay.cut()
    behind_relay.publish(event_notice("event_created", 99))  # lost, and only logged
    _wait_for(lambda: not behind_relay.listening)
    relay.restore()

    assert behind_relay.wait_until_listening(timeout=10)
    publisher.publish(event_notice("event_created", 2))
    assert heard.get(timeout=2).notice.event.id == 2
    behind_relay.publish(event_notice("event_created", 3))
    assert heard.get(timeout=2).notice.event.id == 3
    assert "lost Redis" in caplog.text
    assert "connected to Redis again" in caplog.text


def test_build_core_picks_redis_when_configured_and_in_process_otherwise(
    redis_url: str,
    redis_prefix: str,
    tmp_path: Path,
) -> None:
    base = Settings(
        secret_key=secrets.token_hex(32),
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        redis_prefix=redis_prefix,
    )
    with_redis = build_core(attrs.evolve(base, redis_url=redis_url))
    without = build_core(base)
    try:
        assert isinstance(with_redis.notifier, RedisNotifier)
        assert with_redis.notifier.channel == f"{redis_prefix}:notices"
        assert set(with_redis.readiness) == {"redis", "channels"}
        assert isinstance(without.notifier, InProcessNotifier)
        assert dict(without.readiness) == {}
    finally:
        with_redis.close()
        without.close()


def _wait_for(condition: Any, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), "condition not met in time"
