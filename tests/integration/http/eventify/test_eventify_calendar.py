"""The Eventify calendar over HTTP: month boundaries, leap years, events spanning months."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from werkzeug.test import TestResponse

JsonBody = dict[str, Any]
Headers = dict[str, str]
Call = Callable[..., TestResponse]
CreateEvent = Callable[..., JsonBody]


@pytest.fixture
def month(call: Call, john: JsonBody) -> Callable[[str, int], tuple[int, dict[str, int]]]:
    """(total_number_of_events, {date_of_event: events_of_date}) for a month."""

    def ask(name: str, year: int) -> tuple[int, dict[str, int]]:
        body = call("events/events-by-month-year/", john, month=name, year=year).get_json()
        per_day = {entry["date_of_event"]: entry["events_of_date"] for entry in body["date_events"]}
        assert list(per_day) == body["dates"]
        return body["total_number_of_events"], per_day

    return ask


@pytest.fixture
def on_day(call: Call, john: JsonBody) -> Callable[[str], list[str]]:
    def ask(day: str) -> list[str]:
        body = call("events/events-by-date/", john, date_of_event=day).get_json()
        return [event["title"] for event in body["events"]]

    return ask


def test_an_event_spanning_two_months_counts_in_each_on_its_own_days(
    create_event: CreateEvent,
    as_ada: Headers,
    month: Callable[..., Any],
    on_day: Callable[[str], list[str]],
) -> None:
    create_event(
        as_ada,
        title="Turn of the month",
        date="2025-01-30T18:00:00Z",
        end_date="2025-02-02T10:00:00Z",
    )
    assert month("January", 2025) == (1, {"2025-01-30": 1, "2025-01-31": 1})
    assert month("February", 2025) == (1, {"2025-02-01": 1, "2025-02-02": 1})
    assert on_day("2025-01-31") == on_day("2025-02-01") == ["Turn of the month"]
    assert on_day("2025-02-03") == []


def test_an_event_spanning_the_new_year_counts_in_both_years(
    create_event: CreateEvent, as_ada: Headers, month: Callable[..., Any]
) -> None:
    create_event(
        as_ada, title="New year's eve", date="2025-12-31T20:00:00Z", end_date="2026-01-01T03:00:00Z"
    )
    assert month("Dec", 2025) == (1, {"2025-12-31": 1})
    assert month("Jan", 2026) == (1, {"2026-01-01": 1})


def test_february_29th_exists_in_leap_years_only(
    create_event: CreateEvent,
    as_ada: Headers,
    month: Callable[..., Any],
    on_day: Callable[[str], list[str]],
    call: Call,
    john: JsonBody,
) -> None:
    create_event(as_ada, title="Leap", date="2028-02-28T20:00:00Z", end_date="2028-03-01T02:00:00Z")
    create_event(
        as_ada, title="Plain", date="2027-02-28T20:00:00Z", end_date="2027-03-01T02:00:00Z"
    )
    assert month("feb", 2028) == (1, {"2028-02-28": 1, "2028-02-29": 1})
    assert month("Mar", 2028) == (1, {"2028-03-01": 1})
    assert month("feb", 2027) == (1, {"2027-02-28": 1})
    assert on_day("2028-02-29") == ["Leap"]
    refused = call("events/events-by-date/", john, date_of_event="2027-02-29")
    assert (refused.status_code, refused.get_json()["message"]) == (
        400,
        "Invalid date format. Expected YYYY-MM-DD",
    )


def test_an_event_ending_at_midnight_does_not_count_on_the_next_day(
    create_event: CreateEvent,
    as_ada: Headers,
    month: Callable[..., Any],
    on_day: Callable[[str], list[str]],
) -> None:
    create_event(
        as_ada, title="Until midnight", date="2025-04-30T20:00:00Z", end_date="2025-05-01T00:00:00Z"
    )
    create_event(
        as_ada, title="From midnight", date="2025-05-01T00:00:00Z", end_date="2025-05-01T01:00:00Z"
    )
    assert month("April", 2025) == (1, {"2025-04-30": 1})
    assert month("May", 2025) == (1, {"2025-05-01": 1})
    assert on_day("2025-05-01") == ["From midnight"]


def test_a_long_event_counts_once_in_the_total_and_on_every_day(
    create_event: CreateEvent, as_ada: Headers, month: Callable[..., Any]
) -> None:
    create_event(
        as_ada, title="Season", date="2025-05-20T10:00:00Z", end_date="2025-07-10T10:00:00Z"
    )
    total, per_day = month("June", 2025)
    assert total == 1
    assert per_day == {f"2025-06-{day:02d}": 1 for day in range(1, 31)}
