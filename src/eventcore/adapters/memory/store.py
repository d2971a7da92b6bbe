"""The tables of one memory core, and the lock that makes its units of work serial."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import attrs

TABLES = (
    "users",
    "credentials",
    "refresh_tokens",
    "api_tokens",
    "categories",
    "events",
    "attendances",
    "tasks",
    "polls",
    "ballots",
)


@attrs.define
class MemoryStore:
    tables: dict[str, dict[Any, Any]] = attrs.field(factory=lambda: {name: {} for name in TABLES})
    lock: threading.RLock = attrs.field(factory=threading.RLock)
    _ids: dict[str, itertools.count[int]] = attrs.field(factory=dict)

    def next_id(self, table: str) -> int:
        return next(self._ids.setdefault(table, itertools.count(1)))
