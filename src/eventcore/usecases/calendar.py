"""The calendar: what takes place on a day, how many events each day of a month has, and
a person's own month.

Days are read in the zone the caller gives, and every answer holds only what
the viewer may see (public events, their own, those they take part in).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def own_month(
    uow: UnitOfWork, user_id: UserId, year: int, month: int, zone: tzinfo
) -> Mapping[int, Sequence[EventView]]:
    """The events the user made or takes part in that start in the month in `zone`, by
    day of the month (only days with events), each day's in order of their start.

    Raises InvalidValue naming `year` or `month` when they name no month.
    """
    starts, ends = span(month_windows(year, month, zone))
    where = EventFilter(
        viewer_id=user_id, member_id=user_id, starts_from=starts, starts_before=ends
    )
    with uow.reading():
        found = uow.event_queries.page(where, PageRequest.all_items()).items
    by_day: dict[int, list[EventView]] = {}
    for view in sorted(found, key=lambda view: (view.event.starts_at, view.event.id)):
        by_day.setdefault(view.event.starts_at.astimezone(zone).day, []).append(view)
    return by_day
