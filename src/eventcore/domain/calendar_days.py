"""Calendar days as windows of time, for "what happens on this day / in this month"."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from attrs import frozen

from eventcore.domain.validation import check_between

MIN_YEAR = 1
MAX_YEAR = 9999


@frozen
class DayWindow:
    """The moments of `day` in some zone: [starts, ends). None is an open end, which
    only the first and last days of the calendar have."""

    day: date
    starts: datetime | None
    ends: datetime | None


@frozen
class DayCounts:
    """How many events take place on each day, and how many distinct events in all."""

    total: int
    per_day: Mapping[date, int]

    def busy_days(self) -> list[tuple[date, int]]:
        """The days with at least one event, in calendar order, with their counts."""
        return sorted((day, count) for day, count in self.per_day.items() if count > 0)


def day_window(day: date, zone: tzinfo) -> DayWindow:
    # Not events.midnight: it opens the bound of both edge days, while only the start
    # of the calendar's first day and the end of its last lie off the calendar in UTC.
    starts = None if day == date.min else datetime.combine(day, time(0), tzinfo=zone)
    ends = (
        None if day == date.max else datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    )
    return DayWindow(day, starts, ends)


def month_windows(year: int, month: int, zone: tzinfo) -> list[DayWindow]:
    """One window per day of the month. Raises InvalidValue naming `year` or `month`."""
    check_between(year, "year", MIN_YEAR, MAX_YEAR)
    check_between(month, "month", 1, 12)
    length = calendar.monthrange(year, month)[1]
    return [day_window(date(year, month, number), zone) for number in range(1, length + 1)]


def overlaps(window: DayWindow, starts_at: datetime, finishes_at: datetime) -> bool:
    """Whether an event running over [starts_at, finishes_at) touches the window.

    Agrees with events.covered_days: an end at exactly midnight does not reach
    into the day it opens.
    """
    return (window.starts is None or finishes_at > window.starts) and (
        window.ends is None or starts_at < window.ends
    )


def span(windows: Sequence[DayWindow]) -> tuple[datetime | None, datetime | None]:
    """The bounds of consecutive windows taken together."""
    return windows[0].starts, windows[-1].ends
