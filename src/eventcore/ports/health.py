from __future__ import annotations

from typing import Protocol

from attrs import frozen


@frozen
class DatabaseInfo:
    backend: str
    version: str
    table_count: int


class DatabaseProbe(Protocol):
    def describe(self) -> DatabaseInfo:
        """Ask the database a real question. Raises on any failure to reach it."""
        ...
