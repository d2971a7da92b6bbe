"""What the real-time notifiers share: local fan-out and the wire format.

The notices are the domain's and the stamped notices and listeners the port's
(ports/notifier.py); this is how a notifier delivers them in one process and
carries them between processes: as JSON, each notice's fields as they are
(cattrs unstructures and structures the attrs classes), tagged with its kind.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cattrs import ClassValidationError
from cattrs.preconf.json import make_converter

from eventcore.domain.notices import NOTICE_TYPES, kind_of
from eventcore.ports.notifier import Listener, StampedNotice

log = logging.getLogger(__name__)

_WIRE = make_converter()
_KINDS = {kind_of(kind): kind for kind in NOTICE_TYPES}


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
                log.exception("A real-time listener failed on %s", stamped.notice.kind)


def encode(stamped: StampedNotice) -> str:
    """The JSON text a notice travels as between processes: its kind, its fields as
    they are (cattrs), and the moment it was published."""
    return json.dumps(
        {
            "kind": stamped.notice.kind,
            "notice": _WIRE.unstructure(stamped.notice),
            "at": stamped.at.astimezone(UTC).isoformat(),
        }
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
        kind = _KINDS[raw["kind"]]
        notice = _WIRE.structure(raw["notice"], kind)
        return StampedNotice(notice, datetime.fromisoformat(raw["at"]))
    except (KeyError, TypeError, AttributeError, ValueError, ClassValidationError) as error:
        raise ValueError(f"not a notice: {error}") from None
