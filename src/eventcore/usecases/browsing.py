"""Browsing events: by type, by calendar day and month, one event with its pictures.

Every query shows what the viewer may see (public events, their own, those
they take part in) and reads days in the zone it is given.
"""

from __future__ import annotations

from datetime import date, tzinfo

from eventcore.domain.calendar_days import DayCounts, day_window, month_windows, span
from eventcore.domain.errors import NotFound
from eventcore.domain.events import Event
from eventcore.domain.ids import MAX_ID, CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.views import EventView
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.event_access import visible


def open_event(uow: UnitOfWork, viewer_id: UserId, event_id: EventId) -> Event:
    """The event with all its images, without its participants.

    Raises NotFound, also for a private event the viewer may not see.
    """
    with uow:
        event = uow.events.get(event_id) if 0 < event_id <= MAX_ID else None
        if event is None or not visible(uow, event, viewer_id):
            raise NotFound("Event not found.", field="event_id")
        return event


def list_events_of_category(
    uow: UnitOfWork, viewer_id: UserId, category_id: CategoryId, request: PageRequest
) -> Page[EventView]:
    """One page of the category's events, soonest first. Raises NotFound for an unknown
    category."""
    with uow:
        if not 0 < category_id <= MAX_ID or uow.categories.get(category_id) is None:
            raise NotFound("Category not found.", field="category_id")
        return uow.event_queries.page(
            EventFilter(viewer_id=viewer_id, category_id=category_id), request
        )


def list_events_on_day(
    uow: UnitOfWork, viewer_id: UserId, day: date, zone: tzinfo, request: PageRequest
) -> Page[EventView]:
    """One page of the events taking place at some moment of `day` in `zone`."""
    window = day_window(day, zone)
    where = EventFilter(
        viewer_id=viewer_id, overlaps_from=window.starts, overlaps_before=window.ends
    )
    with uow:
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
    with uow:
        return uow.event_queries.count_by_day(where, windows)
