"""Calendar days as windows of time: month lengths, leap years, zones, and the overlap rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.calendar_days import (
    DayCounts,
    DayWindow,
    day_window,
    month_windows,
    overlaps,
    span,
)
from eventcore.domain.errors import InvalidValue
from eventcore.domain.events import covered_days

KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2025, 1, 31),
        (2025, 4, 30),
        (2025, 2, 28),
        (2024, 2, 29),
        (2000, 2, 29),
        (1900, 2, 28),
        (2100, 2, 28),
        (2025, 12, 31),
    ],
)
def test_a_month_has_one_window_per_day(year: int, month: int, days: int) -> None:
    windows = month_windows(year, month, UTC)
    assert [w.day for w in windows] == [date(year, month, 1) + timedelta(n) for n in range(days)]


def test_windows_run_from_local_midnight_to_the_next() -> None:
    window = day_window(date(2025, 8, 15), KOLKATA)
    assert window.starts == datetime(2025, 8, 14, 18, 30, tzinfo=UTC)
    assert window.ends == datetime(2025, 8, 15, 18, 30, tzinfo=UTC)


def test_a_month_spans_from_its_first_midnight_to_the_next_months() -> None:
    starts, ends = span(month_windows(2025, 12, UTC))
    assert (starts, ends) == (datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def test_a_day_with_a_daylight_saving_change_is_23_or_25_hours_long() -> None:
    def hours(window: DayWindow) -> timedelta:
        assert window.starts is not None
        assert window.ends is not None
        # In UTC: Python subtracts two times of one zone as wall-clock times.
        return window.ends.astimezone(UTC) - window.starts.astimezone(UTC)

    assert hours(day_window(date(2025, 3, 9), NEW_YORK)) == timedelta(hours=23)
    assert hours(day_window(date(2025, 11, 2), NEW_YORK)) == timedelta(hours=25)


def test_the_first_and_last_days_of_the_calendar_have_open_ends() -> None:
    east = timezone(timedelta(hours=5, minutes=30))
    assert day_window(date.min, east).starts is None
    assert day_window(date.min, east).ends == datetime(1, 1, 1, 18, 30, tzinfo=UTC)
    assert day_window(date.max, east).starts == datetime(9999, 12, 30, 18, 30, tzinfo=UTC)
    assert day_window(date.max, east).ends is None
    assert day_window(date.max - timedelta(days=1), UTC).ends == datetime(9999, 12, 31, tzinfo=UTC)
    assert [w.day for w in month_windows(9999, 12, UTC)][-1] == date.max


@pytest.mark.parametrize(
    ("year", "month", "field"),
    [(0, 1, "year"), (10_000, 1, "year"), (2025, 0, "month"), (2025, 13, "month")],
)
def test_a_year_or_month_off_the_calendar_is_refused(year: int, month: int, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        month_windows(year, month, UTC)
    assert refused.value.field == field


def test_an_end_at_midnight_does_not_reach_into_the_next_day() -> None:
    window = day_window(date(2025, 8, 16), UTC)
    assert not overlaps(
        window, datetime(2025, 8, 15, 20, tzinfo=UTC), datetime(2025, 8, 16, tzinfo=UTC)
    )
    assert overlaps(
        window, datetime(2025, 8, 15, 20, tzinfo=UTC), datetime(2025, 8, 16, 0, 1, tzinfo=UTC)
    )


def test_busy_days_are_the_days_with_events_in_calendar_order() -> None:
    counts = DayCounts(3, {date(2025, 8, 15): 1, date(2025, 8, 1): 2, date(2025, 8, 2): 0})
    assert counts.busy_days() == [(date(2025, 8, 1), 2), (date(2025, 8, 15), 1)]


@given(
    start=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
    ),
    length=st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=70)),
    zone=st.sampled_from([UTC, KOLKATA, NEW_YORK]),
)
def test_the_windows_an_event_overlaps_are_exactly_its_covered_days(
    start: datetime, length: timedelta, zone: ZoneInfo
) -> None:
    end = start + length
    days = covered_days(start, end, zone)
    around = [days[0] - timedelta(days=1), *days, days[-1] + timedelta(days=1)]
    touched = [day for day in around if overlaps(day_window(day, zone), start, end)]
    assert touched == days


def test_a_window_is_a_value() -> None:
    assert day_window(date(2025, 1, 1), UTC) == DayWindow(
        date(2025, 1, 1), datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)
    )
