from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.realtime.feed import Listeners
from eventcore.domain.notices import Notice
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Listener, StampedNotice


class InProcessNotifier:
    """Delivers each notice, stamped with `clock`'s time, to this process's listeners.

    It also keeps the latest notices, so a test can say plainly what was sent.
    Enough for one process; several workers need the Redis notifier.
    """

    def __init__(self, remember: int = 1000, clock: Clock | None = None) -> None:
        self.published: deque[Notice] = deque(maxlen=remember)
        self._clock = clock or SystemClock()
        self._listeners = Listeners()
        self._lock = threading.Lock()

    def publish(self, notice: Notice) -> None:
        with self._lock:
            self.published.append(notice)
        self._listeners.deliver(StampedNotice(notice, self._clock.now()))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Register `listener`; call the returned function to unsubscribe."""
        return self._listeners.add(listener)
