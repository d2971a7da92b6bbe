"""Real-time notices: how the use cases publish them, and how a process listens.

A notifier publishes a typed `Notice` (domain/notices.py) for everyone; in each
process it hands a `StampedNotice` (the notice and the moment it was
published) to the local listeners that subscribed, such as open WebSockets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, runtime_checkable

from attrs import frozen

from eventcore.domain.notices import Notice


class Notifier(Protocol):
    def publish(self, notice: Notice) -> None: ...


@frozen
class StampedNotice:
    notice: Notice
    at: datetime

    def may_reach(self, user_id: int) -> bool:
        """A public notice reaches everyone; one with an audience only its members."""
        return self.notice.may_reach(user_id)


Listener = Callable[[StampedNotice], None]


@runtime_checkable
class NoticeFeed(Protocol):
    """A notifier whose notices this process can listen to."""

    def publish(self, notice: Notice) -> None: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every notice from now on; the result unsubscribes."""
        ...
