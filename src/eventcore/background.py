"""Work a server worker does on its own schedule, besides answering requests."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from eventcore.core import Core

log = logging.getLogger(__name__)

# How often each worker looks for polls whose voting has ended.
ANNOUNCE_EVERY_SECONDS = 5.0


class Periodic:
    """Calls `job` every `interval` seconds on a daemon thread, until `stop()`."""

    def __init__(self, name: str, interval: float, job: Callable[[], object]) -> None:
        self.name = name
        self._interval = interval
        self._job = job
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Periodic:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        # Workers started together would all ask at the same instant; spread them out.
        if self._stopping.wait(random.uniform(0, self._interval)):
            return
        while not self._stopping.is_set():
            try:
                self._job()
            except Exception:
                # One failed run (the database restarting, say) must not end the
                # schedule for the rest of the worker's life; the next run retries.
                log.exception(
                    "Background job %s failed; retrying in %s s", self.name, self._interval
                )
            self._stopping.wait(self._interval)


def announce_ended_polls_periodically(
    core: Core, interval: float = ANNOUNCE_EVERY_SECONDS
) -> Periodic:
    """Publish vote_ended for polls as their voting ends, checking every `interval` s.

    Every worker may run one: the use case lets exactly one of them announce a poll.
    """
    from eventcore.usecases.voting import announce_ended_polls

    def announce() -> None:
        announce_ended_polls(core.uow(), core.clock, core.notifier)

    return Periodic("eventcore-poll-announcer", interval, announce).start()
