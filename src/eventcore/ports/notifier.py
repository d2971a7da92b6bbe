"""Real-time notices: what use cases publish, and how a process listens to them.

A notifier publishes a `Notice` for everyone; in each process it hands a
`StampedNotice` (the notice and the moment it was published) to the local
listeners that subscribed, such as open WebSockets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from attrs import frozen

from eventcore.timestamps import utc_z


@frozen
class Notice:
    """Something that happened, for real-time subscribers.

    `audience` is None for a public fact, else the ids of the users who may hear it.
    """

    type: str
    data: Mapping[str, Any]
    audience: frozenset[int] | None = None


class Notifier(Protocol):
    def publish(self, notice: Notice) -> None: ...


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


def jsonable(value: Any) -> Any:
    """`json.dumps` default for the values use cases put in a notice's data.

    It lives beside `Notice` because two sides must agree on it: a notifier that
    carries notices as JSON between processes, and a client API that renders them;
    with one conversion a notice reads the same whether it came through Redis or not.
    """
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
