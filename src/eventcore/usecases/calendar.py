"""The calendar: what takes place on a day, and how many events each day of a month has.

Days are read in the zone the caller gives, and every answer holds only what
the viewer may see (public events, their own, those they take part in).
"""

from __future__ import annotations

from datetime import date, tzinfo

from eventcore.domain.calendar_days import DayCounts, day_window, month_windows, span
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.views import EventView
from eventcore.ports.unit_of_work import UnitOfWork


def list_events_on_day(
    uow: UnitOfWork, viewer_id: UserId, day: date, zone: tzinfo, request: PageRequest
) -> Page[EventView]:
    """One page of the events taking place at some moment of `day` in `zone`."""
    window = day_window(day, zone)
    where = EventFilter(
        viewer_id=viewer_id, overlaps_from=window.starts, overlaps_before=window.ends
    )
    with uow.reading():
        return uow.event_queries.page(where, request)


def count_events_per_day(
    uow: UnitOfWork, viewer_id: UserId, year: int, month: int, zone: tzinfo
) -> DayCounts:
    """For each day of the month in `zone`, how many events take place on it (an event
    spanning several days counts on each), and how many distinct events touch the month.

    Raises InvalidValue naming `year` or `month` when they name no month.
    """
    windows = month_windows(year, month, zone)
    starts, ends = span(windows)
    where = EventFilter(viewer_id=viewer_id, overlaps_from=starts, overlaps_before=ends)
    with uow.reading():
        return uow.event_queries.count_by_day(where, windows)
