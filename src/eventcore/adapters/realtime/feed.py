"""What the real-time notifiers share: stamped notices, local fan-out, the wire format.

A notifier publishes a `Notice` (ports/notifier.py) for everyone; in each
process it hands a `StampedNotice` (the notice and the moment it was
published) to the local listeners that subscribed, such as open WebSockets.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from attrs import frozen

from eventcore.ports.notifier import Notice
from eventcore.timestamps import utc_z

log = logging.getLogger(__name__)


@frozen
class StampedNotice:
    notice: Notice
    at: datetime

    def may_reach(self, user_id: int) -> bool:
        """A public notice reaches everyone; one with an audience only its members."""
        audience = self.notice.audience
        return audience is None or user_id in audience


Listener = Callable[[StampedNotice], None]


@runtime_checkable
class NoticeFeed(Protocol):
    """A notifier whose notices this process can listen to."""

    def publish(self, notice: Notice) -> None: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every notice from now on; the result unsubscribes."""
        ...


class Listeners:
    """This process's listeners. Delivery never blocks on, or fails because of, one of them."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def add(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def __len__(self) -> int:
        with self._lock:
            return len(self._listeners)

    def deliver(self, stamped: StampedNotice) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(stamped)
            except Exception:
                # A listener is someone else's code (a socket, a test); its bug must
                # not keep the notice from the others or stop a subscriber thread.
                log.exception("A real-time listener failed on %s", stamped.notice.type)


def jsonable(value: Any) -> Any:
    """`json.dumps` default for the values use cases put in a notice's data."""
    if isinstance(value, datetime):
        return utc_z(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if all(isinstance(item, int) for item in value) else list(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} cannot be sent in a real-time notice")


def encode(stamped: StampedNotice) -> str:
    """The JSON text a notice travels as between processes."""
    notice = stamped.notice
    return json.dumps(
        {
            "type": notice.type,
            "data": notice.data,
            "audience": None if notice.audience is None else sorted(notice.audience),
            "at": stamped.at.astimezone(UTC).isoformat(),
        },
        default=jsonable,
    )


def decode(text: str | bytes) -> StampedNotice:
    """The inverse of `encode`. Raises ValueError for anything it did not write."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise ValueError(f"not a notice: {error}") from None
    return from_wire(raw)


def from_wire(raw: Any) -> StampedNotice:
    """A notice from `encode`'s JSON, already parsed. Raises ValueError for anything else."""
    try:
        audience = raw["audience"]
        notice = Notice(
            type=str(raw["type"]),
            data=dict(raw["data"]),
            audience=None if audience is None else frozenset(int(i) for i in audience),
        )
        return StampedNotice(notice, datetime.fromisoformat(raw["at"]))
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ValueError(f"not a notice: {error}") from None
