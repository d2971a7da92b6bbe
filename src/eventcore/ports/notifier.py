from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from attrs import frozen


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
