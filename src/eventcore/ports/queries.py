"""Read-side Protocols: page-sized views in a fixed number of round trips."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventcore.domain.calendar_days import DayCounts, DayWindow
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest, Streamed
from eventcore.domain.views import EventDetails, EventView


class EventQueries(Protocol):
    def page(self, where: EventFilter, request: PageRequest) -> Page[EventView]:
        """Events matching `where`, soonest start first, then by id."""
        ...

    def every(self, where: EventFilter) -> Streamed[EventView]:
        """Every event matching `where`, in the order of `page`: the count at once, the
        views as they are iterated, a few hundred at a time, in the statements `page`
        runs. The unit of work must stay open until the iteration ends."""
        ...

    def details(self, event_id: EventId) -> EventDetails | None: ...

    def view(self, event_id: EventId) -> EventView | None:
        """The event as lists show it, without reading its participants: what a write
        answers while it holds the event's lock, at any number of participants."""
        ...

    def takes_part(self, event_id: EventId, user_id: UserId) -> bool:
        """Whether the user is registered for or organises the event."""
        ...

    def count_by_day(self, where: EventFilter, days: Sequence[DayWindow]) -> DayCounts:
        """How many events matching `where` overlap each window, and how many match in
        all; in one round trip, whatever the number of events."""
        ...
