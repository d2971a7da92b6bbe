"""What a GatherHub client hears of the core's typed notices, for tests to compare.

Use cases publish typed notices (domain/notices.py); `Heard` is one as the
GatherHub WebSocket names and fills it (before the timestamp and JSON), and
`GatherHubEar` shows what an in-process notifier published in those terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.domain.notices import Notice as CoreNotice
from eventcore.http.surfaces.gatherhub.notices import payload


@frozen
class Heard:
    type: str
    data: Mapping[str, Any]
    audience: frozenset[int] | None = None


# The name the tests wrote these comparisons with.
Notice = Heard


class GatherHubEar:
    """The notices `notifier` published, as GatherHub clients hear them."""

    def __init__(self, notifier: InProcessNotifier) -> None:
        self.notifier = notifier

    @property
    def published(self) -> list[Heard]:
        return [hear(notice) for notice in self.notifier.published]


def hear(notice: CoreNotice) -> Heard:
    """One notice as GatherHub clients hear it."""
    kind, data = payload(notice)
    return Heard(kind, data, notice.audience)
