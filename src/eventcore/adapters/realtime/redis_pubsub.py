"""Real-time notices through Redis pub/sub, so every worker and host hears every notice.

Each process publishes on one channel and runs ONE subscriber thread, started
with the first local listener, that hands whatever arrives to the process's
listeners (its open WebSockets): one Redis connection per process, not per
socket. Pub/sub keeps nothing: a notice published while Redis or the
subscriber is down is lost, and the thread reconnects when Redis is back.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable

import redis
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry

from eventcore.adapters.realtime.feed import Listeners, encode, from_wire
from eventcore.domain.notices import Notice
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Listener, StampedNotice

log = logging.getLogger(__name__)

# How long the subscriber waits before reconnecting: doubling from the first
# value up to the second, so a Redis restart is noticed fast and an outage
# does not turn into a busy loop.
RECONNECT_DELAYS = (0.1, 5.0)
# Seconds a new listener waits for the subscriber thread to be subscribed, so a
# socket that has been told "connected" hears everything published afterwards.
READY_TIMEOUT = 2.0
# Seconds a readiness probe (PING, or the pub/sub round trip) waits for Redis.
PROBE_TIMEOUT = 0.5
# How often the subscriber thread looks up from Redis to see whether it should stop.
_POLL_SECONDS = 0.25
_PROBE_KEY = "probe"


class ChannelUnavailable(RuntimeError):
    """The pub/sub round trip did not complete."""


class RedisNotifier:
    """Publishes notices as JSON on `channel`, stamped with `clock`'s time, and delivers
    what the channel carries to this process's listeners."""

    def __init__(
        self, url: str, *, channel: str, clock: Clock, ready_timeout: float = READY_TIMEOUT
    ) -> None:
        self.channel = channel
        self._clock = clock
        self._ready_timeout = ready_timeout
        # Publishing runs inside HTTP requests: fail within seconds, retrying once
        # so the first publish after a Redis restart gets a fresh connection.
        self._publisher = redis.Redis.from_url(
            url,
            socket_connect_timeout=2,
            socket_timeout=2,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=1),
        )
        # The subscriber retries on its own schedule (RECONNECT_DELAYS).
        # Readiness probes answer a load balancer, which must not wait on a dead Redis:
        # one short try, no retry.
        self._probe = redis.Redis.from_url(
            url,
            socket_connect_timeout=PROBE_TIMEOUT,
            socket_timeout=PROBE_TIMEOUT,
            retry=Retry(NoBackoff(), retries=0),
        )
        self._subscriber = redis.Redis.from_url(
            url,
            socket_connect_timeout=2,
            socket_keepalive=True,
            health_check_interval=15,
            retry=Retry(NoBackoff(), retries=0),
        )
        self._listeners = Listeners()
        self._listening = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._owner_pid = os.getpid()
        self._probes: dict[str, threading.Event] = {}

    # --- the Notifier port -------------------------------------------------------

    def publish(self, notice: Notice) -> None:
        """Send `notice` to every process. A Redis outage loses the notice (logged):
        the change it reports is already committed and must not fail for it."""
        stamped = StampedNotice(notice, self._clock.now())
        try:
            self._publisher.publish(self.channel, encode(stamped))
        except redis.RedisError as error:
            log.warning(
                "Real-time notice %s not sent, Redis is unreachable: %s",
                notice.kind,
                error,
            )

    # --- this process's listeners ------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every notice from now on; the result unsubscribes.

        Waits (up to `ready_timeout`) until the subscriber thread is subscribed.
        """
        remove = self._listeners.add(listener)
        self._start_listening()
        self._listening.wait(self._ready_timeout)
        return remove

    @property
    def listening(self) -> bool:
        """True while the subscriber thread is subscribed to the channel."""
        return self._listening.is_set()

    def wait_until_listening(self, timeout: float) -> bool:
        """Start the subscriber thread if needed; True once it is subscribed."""
        self._start_listening()
        return self._listening.wait(timeout)

    # --- readiness ---------------------------------------------------------------

    def ping(self) -> None:
        """Ask Redis a real question. Raises redis.RedisError when it does not answer
        within PROBE_TIMEOUT."""
        self._probe.ping()

    def check_round_trip(self, timeout: float = PROBE_TIMEOUT) -> None:
        """Publish a probe and wait for this process's subscriber thread to hear it.

        Raises ChannelUnavailable (or redis.RedisError) when it does not come back.
        """
        deadline = time.monotonic() + timeout
        if not self.wait_until_listening(timeout):
            raise ChannelUnavailable("the subscriber is not connected to Redis")
        token = secrets.token_hex(8)
        heard = threading.Event()
        with self._lock:
            self._probes[token] = heard
        try:
            self._publisher.publish(self.channel, json.dumps({_PROBE_KEY: token}))
            if not heard.wait(max(0.0, deadline - time.monotonic())):
                raise ChannelUnavailable("the probe did not come back through Redis")
        finally:
            with self._lock:
                self._probes.pop(token, None)

    def close(self) -> None:
        """Stop the subscriber thread and drop the connections."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=_POLL_SECONDS * 3)
        self._publisher.close()
        self._probe.close()
        self._subscriber.close()

    # --- the subscriber thread ---------------------------------------------------

    def _start_listening(self) -> None:
        with self._lock:
            if os.getpid() != self._owner_pid:
                # Forked after the thread started (a preloading server): threads do
                # not cross a fork, so this process starts its own.
                self._owner_pid, self._thread = os.getpid(), None
                self._listening.clear()
            if self._thread is not None and self._thread.is_alive():
                return
            if self._stopping.is_set():
                return
            self._thread = threading.Thread(
                target=self._listen, name=f"eventcore-notices:{self.channel}", daemon=True
            )
            self._thread.start()

    def _listen(self) -> None:
        delay, longest = RECONNECT_DELAYS
        failing = False
        while not self._stopping.is_set():
            pubsub = self._subscriber.pubsub()  # type: ignore[no-untyped-call]
            try:
                pubsub.subscribe(self.channel)
                while not self._stopping.is_set():
                    message = pubsub.get_message(timeout=_POLL_SECONDS)
                    if message is None:
                        continue
                    if message["type"] == "subscribe":
                        self._listening.set()
                        if failing:
                            log.info("Real-time channel %s: connected to Redis again", self.channel)
                        failing, delay = False, RECONNECT_DELAYS[0]
                    elif message["type"] == "message":
                        self._receive(message["data"])
            # ValueError: `close()` closed the connection under a read in progress.
            except (redis.RedisError, OSError, ValueError) as error:
                self._listening.clear()
                # Warn once per outage; the retries that follow are routine.
                log.log(
                    logging.DEBUG if failing else logging.WARNING,
                    "Real-time channel %s: lost Redis (%s); retrying",
                    self.channel,
                    error,
                )
                failing = True
            finally:
                self._listening.clear()
                self._close_quietly(pubsub)
            self._stopping.wait(delay)
            delay = min(delay * 2, longest)

    def _receive(self, data: bytes | str) -> None:
        try:
            raw = json.loads(data)
            if isinstance(raw, dict) and set(raw) == {_PROBE_KEY}:
                with self._lock:
                    heard = self._probes.get(str(raw[_PROBE_KEY]))
                if heard is not None:
                    heard.set()
                return
            stamped = from_wire(raw)
        except ValueError as error:
            log.warning(
                "Real-time channel %s: ignored a message that is not a notice: %s",
                self.channel,
                error,
            )
            return
        self._listeners.deliver(stamped)

    @staticmethod
    def _close_quietly(pubsub: redis.client.PubSub) -> None:
        try:
            pubsub.close()
        except (redis.RedisError, OSError) as error:
            log.debug("Closing a broken pub/sub connection: %s", error)
