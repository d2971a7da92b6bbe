from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from eventcore.ports.notifier import Notice

Subscriber = Callable[[Notice], None]


class InProcessNotifier:
    """Delivers each notice to this process's subscribers.

    It also keeps the latest notices, so a test can say plainly what was sent.
    """

    def __init__(self, remember: int = 1000) -> None:
        self.published: deque[Notice] = deque(maxlen=remember)
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def publish(self, notice: Notice) -> None:
        with self._lock:
            self.published.append(notice)
            subscribers = list(self._subscribers)
        for deliver in subscribers:
            deliver(notice)

    def subscribe(self, deliver: Subscriber) -> Callable[[], None]:
        """Register `deliver`; call the returned function to unsubscribe."""
        with self._lock:
            self._subscribers.append(deliver)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers.remove(deliver)

        return unsubscribe
