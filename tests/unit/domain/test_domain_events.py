"""Events: creation and update rules, status over time, calendar days covered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcore.domain import event_changes
from eventcore.domain.errors import InvalidValue
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import (
    DEFAULT_DURATION,
    TITLE_MAX_LENGTH,
    UNSAVED,
    Event,
    EventImage,
    EventStatus,
    covered_days,
    new_category,
    status_at,
)
from eventcore.domain.ids import UserId
from strategies import T0, event_extras, moments, precise_moments, schedules

CREATOR = UserId(7)
START = datetime(2027, 6, 10, 18, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
AUCKLAND = ZoneInfo("Pacific/Auckland")

STATUS_ORDER = [EventStatus.UPCOMING, EventStatus.ONGOING, EventStatus.COMPLETED]


def new_event(creator_id: UserId, now: datetime, values: dict[str, Any]) -> Event:
    draft = EventDraft(**values)
    return event_changes.new_event(
        draft, creator_id=creator_id, category_id=draft.category_id, seats_taken=0, now=now
    )


def update_event(event: Event, values: dict[str, Any], now: datetime) -> Event:
    changes = EventChanges(**values)
    return event_changes.changed_event(
        event, changes, category_id=changes.category_id, seats_taken=0, now=now
    )


def make_event(**fields: Any) -> Event:
    values: dict[str, Any] = {
        "title": "Jazz night",
        "starts_at": START,
        "ends_at": START + timedelta(hours=3),
        **fields,
    }
    return new_event(CREATOR, T0, values)


def refused_field(**fields: Any) -> str | None:
    with pytest.raises(InvalidValue) as caught:
        make_event(**fields)
    return caught.value.field


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- creation --------------------------------------------------------------------


def test_new_event_is_unsaved_stamped_and_owned_by_its_creator() -> None:
    event = make_event(capacity=30, price=Decimal("12.50"))
    assert event.id == UNSAVED
    assert event.creator_id == CREATOR
    assert event.created_at == event.updated_at == T0
    assert (event.capacity, event.price) == (30, Decimal("12.50"))
    assert not event.is_private


@pytest.mark.parametrize("title", ["", "   ", "\t\n", "x" * (TITLE_MAX_LENGTH + 1)])
def test_blank_or_too_long_title_is_refused_naming_title(title: str) -> None:
    assert refused_field(title=title) == "title"


def test_title_of_the_maximum_length_is_accepted() -> None:
    assert make_event(title="x" * TITLE_MAX_LENGTH).title == "x" * TITLE_MAX_LENGTH


@pytest.mark.parametrize("capacity", [0, -1, 1_000_001])
def test_capacity_below_one_or_absurdly_high_is_refused(capacity: int) -> None:
    assert refused_field(capacity=capacity) == "capacity"


def test_capacity_of_one_is_accepted() -> None:
    assert make_event(capacity=1).capacity == 1


@pytest.mark.parametrize("ends_at", [START, START - timedelta(minutes=1)])
def test_end_not_after_start_is_refused_naming_end(ends_at: datetime) -> None:
    assert refused_field(ends_at=ends_at) == "ends_at"


def test_event_without_an_end_lasts_the_default_duration() -> None:
    event = make_event(ends_at=None)
    assert event.finishes_at == START + DEFAULT_DURATION


@pytest.mark.parametrize("price", [Decimal("-0.01"), Decimal("-100"), Decimal("100000000")])
def test_negative_or_huge_price_is_refused(price: Decimal) -> None:
    assert refused_field(price=price) == "price"


def test_free_event_price_of_zero_is_accepted() -> None:
    assert make_event(price=Decimal(0)).price == 0


def test_price_that_is_not_a_number_is_refused_naming_price() -> None:
    assert refused_field(price=Decimal("NaN")) == "price"


def test_naive_start_is_refused() -> None:
    with pytest.raises(InvalidValue):
        make_event(starts_at=datetime(2027, 6, 10, 18, 0), ends_at=None)


@pytest.mark.parametrize(
    ("coordinates", "field"),
    [
        ({"latitude": 90.5}, "latitude"),
        ({"latitude": -90.5}, "latitude"),
        ({"longitude": 180.5}, "longitude"),
        ({"longitude": -181.0}, "longitude"),
    ],
)
def test_coordinates_out_of_range_are_refused(coordinates: dict[str, float], field: str) -> None:
    assert refused_field(**coordinates) == field


def test_more_than_one_primary_image_is_refused() -> None:
    images = (EventImage("a.png", is_primary=True), EventImage("b.png", is_primary=True))
    assert refused_field(images=images) == "images"


def test_image_with_an_empty_url_is_refused() -> None:
    assert refused_field(images=(EventImage(""),)) == "images"


def test_first_image_becomes_primary_when_none_is() -> None:
    event = make_event(images=[EventImage("a.png"), EventImage("b.png")])
    assert event.images == (EventImage("a.png", is_primary=True), EventImage("b.png"))
    assert event.primary_image == EventImage("a.png", is_primary=True)


def test_image_marked_primary_stays_the_only_primary() -> None:
    event = make_event(images=(EventImage("a.png"), EventImage("b.png", is_primary=True)))
    assert event.images == (EventImage("a.png"), EventImage("b.png", is_primary=True))


def test_event_without_images_has_no_primary_image() -> None:
    event = make_event()
    assert event.images == ()
    assert event.primary_image is None


@pytest.mark.parametrize("field", ["id", "created_at", "updated_at", "colour"])
def test_setting_identity_stamps_or_unknown_fields_is_refused_naming_them(field: str) -> None:
    assert refused_field(**{field: 1}) == field


def test_long_text_field_is_refused_naming_it() -> None:
    assert refused_field(city="c" * 256) == "city"


# --- updates ------------------------------------------------------------------------


def test_update_applies_changes_stamps_the_time_and_keeps_the_original() -> None:
    event = make_event(capacity=10)
    later = T0 + timedelta(days=1)
    updated = update_event(event, {"title": "Blues night", "capacity": 20}, later)
    assert (updated.title, updated.capacity) == ("Blues night", 20)
    assert (updated.created_at, updated.updated_at) == (T0, later)
    assert (event.title, event.capacity, event.updated_at) == ("Jazz night", 10, T0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"ends_at": START - timedelta(hours=1)}, "ends_at"),
        ({"starts_at": START + timedelta(hours=4)}, "ends_at"),
        ({"price": Decimal(-1)}, "price"),
        ({"latitude": 100.0}, "latitude"),
        ({"creator_id": UserId(8)}, "creator_id"),
    ],
)
def test_update_breaking_a_rule_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        update_event(make_event(), changes, T0)
    assert caught.value.field == field


def test_update_of_images_makes_the_first_primary_when_none_is() -> None:
    updated = update_event(make_event(), {"images": [EventImage("x.png")]}, T0)
    assert updated.images == (EventImage("x.png", is_primary=True),)


def test_update_leaves_the_callers_changes_untouched() -> None:
    changes: dict[str, Any] = {"images": [EventImage("x.png")]}
    update_event(make_event(), changes, T0)
    assert changes == {"images": [EventImage("x.png")]}


def test_category_name_is_stripped_and_empty_icon_dropped() -> None:
    category = new_category("  Music ", "")
    assert (category.name, category.icon) == ("Music", None)


@pytest.mark.parametrize("name", ["", "   ", "n" * 101])
def test_blank_or_long_category_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_category(name)
    assert caught.value.field == "name"


# --- status ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (START - timedelta(microseconds=1), EventStatus.UPCOMING),
        (START, EventStatus.ONGOING),
        (START + timedelta(hours=3) - timedelta(microseconds=1), EventStatus.ONGOING),
        (START + timedelta(hours=3), EventStatus.COMPLETED),
        (START + timedelta(days=400), EventStatus.COMPLETED),
    ],
)
def test_status_is_upcoming_then_ongoing_until_the_end_then_completed(
    now: datetime, status: EventStatus
) -> None:
    assert status_at(now, START, START + timedelta(hours=3)) is status
    assert make_event().status(now) is status


def test_status_of_an_event_without_end_follows_the_default_duration() -> None:
    assert status_at(START + DEFAULT_DURATION - timedelta(seconds=1), START, None) is (
        EventStatus.ONGOING
    )
    assert status_at(START + DEFAULT_DURATION, START, None) is EventStatus.COMPLETED


def test_status_compares_instants_not_wall_clock_readings() -> None:
    # 03:00 in Tokyo on 11 June is 18:00 UTC on 10 June: the start itself.
    now_in_tokyo = datetime(2027, 6, 11, 3, 0, tzinfo=TOKYO)
    assert status_at(now_in_tokyo, START, None) is EventStatus.ONGOING


@settings(max_examples=100, deadline=None)
@given(
    schedule=schedules(),
    now=moments(),
    first=event_extras(),
    second=event_extras(),
)
def test_status_depends_only_on_now_start_and_end(
    schedule: tuple[datetime, datetime | None],
    now: datetime,
    first: dict[str, Any],
    second: dict[str, Any],
) -> None:
    starts_at, ends_at = schedule
    one = new_event(UserId(1), T0, {"starts_at": starts_at, "ends_at": ends_at, **first})
    other = new_event(UserId(2), now, {"starts_at": starts_at, "ends_at": ends_at, **second})
    assert one.status(now) is other.status(now) is status_at(now, starts_at, ends_at)


@settings(max_examples=100, deadline=None)
@given(schedule=schedules(), nows=st.lists(moments(), min_size=2, max_size=12))
def test_status_never_goes_backwards_as_time_passes(
    schedule: tuple[datetime, datetime | None], nows: list[datetime]
) -> None:
    starts_at, ends_at = schedule
    ranks = [STATUS_ORDER.index(status_at(now, starts_at, ends_at)) for now in sorted(nows)]
    assert ranks == sorted(ranks)


@settings(max_examples=100, deadline=None)
@given(schedule=schedules(), now=moments())
def test_status_is_upcoming_exactly_before_the_start_and_completed_exactly_from_the_end(
    schedule: tuple[datetime, datetime | None], now: datetime
) -> None:
    starts_at, ends_at = schedule
    end = ends_at or starts_at + DEFAULT_DURATION
    status = status_at(now, starts_at, ends_at)
    assert (status is EventStatus.UPCOMING) == (now < starts_at)
    assert (status is EventStatus.COMPLETED) == (now >= end)


# --- calendar days ----------------------------------------------------------------------


def days(*numbers: int, month: int = 5, year: int = 2027) -> list[date]:
    return [date(year, month, n) for n in numbers]


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "zone", "expected"),
    [
        pytest.param(utc(2027, 5, 10, 10), utc(2027, 5, 10, 12), UTC, days(10), id="single-day"),
        pytest.param(
            utc(2027, 5, 10, 22), utc(2027, 5, 12, 1), UTC, days(10, 11, 12), id="multi-day"
        ),
        pytest.param(
            utc(2027, 5, 10, 20), utc(2027, 5, 11), UTC, days(10), id="ends-exactly-at-midnight"
        ),
        pytest.param(utc(2027, 5, 10), utc(2027, 5, 11), UTC, days(10), id="midnight-to-midnight"),
        pytest.param(
            utc(2027, 5, 10, 20),
            utc(2027, 5, 12),
            UTC,
            days(10, 11),
            id="two-nights-ending-at-midnight",
        ),
        pytest.param(
            utc(2027, 5, 10, 20),
            utc(2027, 5, 11, 0, 0, 1),
            UTC,
            days(10, 11),
            id="one-second-past-midnight",
        ),
        pytest.param(
            utc(2027, 5, 10, 23), None, UTC, days(10, 11), id="default-duration-crosses-midnight"
        ),
        pytest.param(
            utc(2027, 5, 10, 23, 30),
            utc(2027, 5, 11, 0, 30),
            TOKYO,
            days(11),
            id="tokyo-next-local-day",
        ),
        pytest.param(
            utc(2027, 5, 10, 23, 30),
            utc(2027, 5, 11, 0, 30),
            UTC,
            days(10, 11),
            id="same-event-in-utc-spans-two-days",
        ),
        pytest.param(
            utc(2027, 5, 11, 2),
            utc(2027, 5, 11, 3),
            LOS_ANGELES,
            days(10),
            id="los-angeles-previous-local-day",
        ),
        pytest.param(
            utc(2027, 5, 10, 12), utc(2027, 5, 10, 15), TOKYO, days(10), id="ends-at-local-midnight"
        ),
        pytest.param(
            utc(2027, 4, 30, 22),
            utc(2027, 5, 1, 2),
            UTC,
            [date(2027, 4, 30), date(2027, 5, 1)],
            id="month-boundary",
        ),
        pytest.param(
            utc(2027, 12, 31, 23),
            utc(2028, 1, 1, 1),
            UTC,
            [date(2027, 12, 31), date(2028, 1, 1)],
            id="year-boundary",
        ),
        pytest.param(
            utc(2028, 2, 28, 20),
            utc(2028, 3, 1, 4),
            UTC,
            [date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)],
            id="leap-day-2028",
        ),
        pytest.param(
            utc(2028, 2, 28, 12),
            utc(2028, 2, 28, 13),
            AUCKLAND,
            [date(2028, 2, 29)],
            id="leap-day-in-auckland",
        ),
    ],
)
def test_covered_days_are_the_local_calendar_days_of_the_event(
    starts_at: datetime, ends_at: datetime | None, zone: ZoneInfo, expected: list[date]
) -> None:
    assert covered_days(starts_at, ends_at, zone) == expected
    assert make_event(starts_at=starts_at, ends_at=ends_at).days(zone) == expected


@settings(max_examples=100, deadline=None)
@given(
    starts_at=precise_moments(),
    length=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=10)),
    zone=st.timezones(),
)
def test_covered_days_run_without_gaps_from_the_local_start_day_to_the_local_end_day(
    starts_at: datetime, length: timedelta, zone: ZoneInfo
) -> None:
    ends_at = starts_at + length
    covered = covered_days(starts_at, ends_at, zone)
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    assert covered[0] == local_start.date()
    assert covered == [covered[0] + timedelta(days=n) for n in range(len(covered))]
    ends_at_midnight = local_end.time() == datetime.min.time() and (
        local_end.date() > local_start.date()
    )
    expected_last = local_end.date() - timedelta(days=1) if ends_at_midnight else local_end.date()
    assert covered[-1] == expected_last
