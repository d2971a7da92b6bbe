"""Browsing on the memory core: one event, a category, a day, and a month day by day."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.errors import InvalidValue, NotFound
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import EventImage, covered_days
from eventcore.domain.ids import MAX_ID, CategoryId, EventId
from eventcore.domain.paging import PageRequest
from eventcore.domain.users import Registration, Role, User
from eventcore.usecases import accounts, calendar, categories, events
from strategies import PASSWORD, T0

KOLKATA = ZoneInfo("Asia/Kolkata")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def schedule(
    core: Core, creator: User, starts_at: datetime, ends_at: datetime | None, **fields: object
) -> EventId:
    view = events.create_event(
        core.uow(),
        core.clock,
        core.notifier,
        creator.id,
        EventDraft(title="Fair", starts_at=starts_at, ends_at=ends_at, **fields),
    )
    return view.event.id


def month(
    core: Core, viewer: User, year: int, number: int, zone: ZoneInfo | type[UTC] = UTC
) -> tuple[int, dict[date, int]]:
    counts = calendar.count_events_per_day(core.uow(), viewer.id, year, number, zone)
    return counts.total, dict(counts.busy_days())


def on_day(core: Core, viewer: User, day: date, zone: ZoneInfo | type[UTC] = UTC) -> list[EventId]:
    page = calendar.list_events_on_day(core.uow(), viewer.id, day, zone, PageRequest(1, 100))
    return [view.event.id for view in page.items]


# --- one event --------------------------------------------------------------------------


def test_an_opened_event_carries_all_its_images(core: Core, ada: User, bob: User) -> None:
    images = [EventImage("a.jpg"), EventImage("b.jpg", is_primary=True), EventImage("c.jpg")]
    event_id = schedule(core, ada, T0 + timedelta(days=1), None, images=images)
    opened = events.open_event(core.uow(), bob.id, event_id)
    assert opened.images == tuple(images)
    assert opened.primary_image == images[1]


def test_an_unknown_event_is_not_found_naming_event_id(core: Core, ada: User) -> None:
    with pytest.raises(NotFound) as missing:
        events.open_event(core.uow(), ada.id, EventId(404))
    assert missing.value.field == "event_id"


def test_an_id_past_the_id_columns_is_not_found(core: Core, ada: User) -> None:
    with pytest.raises(NotFound):
        events.open_event(core.uow(), ada.id, EventId(MAX_ID + 1))
    with pytest.raises(NotFound):
        events.list_events_of_category(core.uow(), ada.id, CategoryId(2**62), PageRequest())


def test_a_private_event_opens_only_for_those_who_may_see_it(
    core: Core, ada: User, bob: User, carol: User, moderator: User
) -> None:
    event_id = schedule(core, ada, T0 + timedelta(days=1), None, is_private=True)
    with core.uow() as uow:  # invited: private events are not joined by id
        uow.attendances.add(
            Attendance(
                event_id=event_id,
                user_id=bob.id,
                status=AttendanceStatus.REGISTERED,
                created_at=T0,
                updated_at=T0,
            )
        )
        uow.commit()
    for viewer in (ada, bob, moderator):
        assert events.open_event(core.uow(), viewer.id, event_id).id == event_id
    with pytest.raises(NotFound):
        events.open_event(core.uow(), carol.id, event_id)


# --- a category --------------------------------------------------------------------------


def test_a_category_lists_its_events_only(core: Core, ada: User) -> None:
    music = categories.create_category(core.uow(), "Music")
    sports = categories.create_category(core.uow(), "Sports")
    concert = schedule(core, ada, T0 + timedelta(days=1), None, category_id=music.id)
    schedule(core, ada, T0 + timedelta(days=2), None, category_id=sports.id)
    schedule(core, ada, T0 + timedelta(days=3), None)
    page = events.list_events_of_category(core.uow(), ada.id, music.id, PageRequest())
    assert ([view.event.id for view in page.items], page.total) == ([concert], 1)


def test_an_unknown_category_is_not_found_naming_category_id(core: Core, ada: User) -> None:
    with pytest.raises(NotFound) as missing:
        events.list_events_of_category(core.uow(), ada.id, CategoryId(7), PageRequest())
    assert missing.value.field == "category_id"


# --- a day ---------------------------------------------------------------------------------


def test_a_day_lists_every_event_whose_range_contains_it(core: Core, ada: User) -> None:
    festival = schedule(core, ada, at(2025, 8, 10, 10), at(2025, 8, 20, 22))
    match = schedule(core, ada, at(2025, 8, 15, 9), at(2025, 8, 15, 18))
    schedule(core, ada, at(2025, 8, 16, 9), at(2025, 8, 16, 18))
    assert on_day(core, ada, date(2025, 8, 15)) == [festival, match]
    assert on_day(core, ada, date(2025, 8, 20)) == [festival]
    assert on_day(core, ada, date(2025, 8, 21)) == []


def test_a_day_begins_and_ends_at_midnight(core: Core, ada: User) -> None:
    from_midnight = schedule(core, ada, at(2025, 8, 15), at(2025, 8, 15, 1))
    until_midnight = schedule(core, ada, at(2025, 8, 14, 22), at(2025, 8, 15))
    assert on_day(core, ada, date(2025, 8, 15)) == [from_midnight]
    assert on_day(core, ada, date(2025, 8, 14)) == [until_midnight]


def test_days_are_read_in_the_zone_given(core: Core, ada: User) -> None:
    # 20:00 UTC on the 1st is 01:30 on the 2nd in Kolkata.
    late = schedule(core, ada, at(2025, 8, 1, 20), at(2025, 8, 1, 21))
    assert on_day(core, ada, date(2025, 8, 1)) == [late]
    assert on_day(core, ada, date(2025, 8, 1), KOLKATA) == []
    assert on_day(core, ada, date(2025, 8, 2), KOLKATA) == [late]


def test_an_event_without_an_end_lasts_two_hours(core: Core, ada: User) -> None:
    evening = schedule(core, ada, at(2025, 8, 15, 23), None)
    assert on_day(core, ada, date(2025, 8, 16)) == [evening]


# --- a month -------------------------------------------------------------------------------


def test_a_multi_day_event_counts_on_each_of_its_days(core: Core, ada: User) -> None:
    schedule(core, ada, at(2025, 8, 1, 10), at(2025, 8, 3, 12))
    schedule(core, ada, at(2025, 8, 1, 18), at(2025, 8, 1, 20))
    total, per_day = month(core, ada, 2025, 8)
    assert total == 2
    assert per_day == {date(2025, 8, 1): 2, date(2025, 8, 2): 1, date(2025, 8, 3): 1}


def test_an_event_spanning_two_months_counts_in_each_on_its_own_days(core: Core, ada: User) -> None:
    schedule(core, ada, at(2025, 1, 30, 18), at(2025, 2, 2, 10))
    assert month(core, ada, 2025, 1) == (1, {date(2025, 1, 30): 1, date(2025, 1, 31): 1})
    assert month(core, ada, 2025, 2) == (1, {date(2025, 2, 1): 1, date(2025, 2, 2): 1})
    assert month(core, ada, 2025, 3) == (0, {})


def test_an_event_spanning_the_new_year_counts_in_both_years(core: Core, ada: User) -> None:
    schedule(core, ada, at(2025, 12, 31, 20), at(2026, 1, 1, 3))
    assert month(core, ada, 2025, 12) == (1, {date(2025, 12, 31): 1})
    assert month(core, ada, 2026, 1) == (1, {date(2026, 1, 1): 1})


def test_february_has_a_29th_in_leap_years_only(core: Core, ada: User) -> None:
    schedule(core, ada, at(2028, 2, 28, 20), at(2028, 3, 1, 2))
    schedule(core, ada, at(2027, 2, 28, 20), at(2027, 3, 1, 2))
    assert month(core, ada, 2028, 2) == (1, {date(2028, 2, 28): 1, date(2028, 2, 29): 1})
    assert month(core, ada, 2027, 2) == (1, {date(2027, 2, 28): 1})
    assert month(core, ada, 2027, 3) == (1, {date(2027, 3, 1): 1})


def test_a_month_is_read_in_the_zone_given(core: Core, ada: User) -> None:
    # 31 July 20:00 UTC is 1 August 01:30 in Kolkata.
    schedule(core, ada, at(2025, 7, 31, 20), at(2025, 7, 31, 21))
    assert month(core, ada, 2025, 8) == (0, {})
    assert month(core, ada, 2025, 8, KOLKATA) == (1, {date(2025, 8, 1): 1})


def test_a_month_counts_only_the_events_the_viewer_may_see(
    core: Core, ada: User, bob: User
) -> None:
    schedule(core, ada, at(2025, 8, 5, 10), at(2025, 8, 5, 12), is_private=True)
    assert month(core, ada, 2025, 8) == (1, {date(2025, 8, 5): 1})
    assert month(core, bob, 2025, 8) == (0, {})


@pytest.mark.parametrize(("year", "number", "field"), [(0, 8, "year"), (2025, 13, "month")])
def test_a_month_off_the_calendar_is_invalid(
    core: Core, ada: User, year: int, number: int, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        month(core, ada, year, number)
    assert refused.value.field == field


_STARTS = st.datetimes(
    min_value=datetime(2027, 12, 20), max_value=datetime(2028, 3, 10), timezones=st.just(UTC)
)
_LENGTHS = st.none() | st.timedeltas(min_value=timedelta(minutes=30), max_value=timedelta(days=40))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    schedules=st.lists(st.tuples(_STARTS, _LENGTHS), max_size=8),
    number=st.sampled_from([1, 2]),
    zone=st.sampled_from([UTC, KOLKATA, ZoneInfo("America/New_York")]),
)
def test_month_counts_agree_with_each_events_covered_days(
    schedules: list[tuple[datetime, timedelta | None]], number: int, zone: ZoneInfo
) -> None:
    core = memory_core(clock=FixedClock(T0))
    viewer = accounts.create_user(
        core.uow(), core.clock, core.hasher, Registration(email="v@example.org", password=PASSWORD)
    )
    expected: Counter[date] = Counter()
    touching = 0
    for starts_at, length in schedules:
        schedule(core, viewer, starts_at, None if length is None else starts_at + length)
        days = [
            d
            for d in covered_days(starts_at, None if length is None else starts_at + length, zone)
            if (d.year, d.month) == (2028, number)
        ]
        expected.update(days)
        touching += bool(days)
    total, per_day = month(core, viewer, 2028, number, zone)
    assert per_day == dict(expected)
    assert total == touching


def test_staff_see_only_what_lists_show_everyone(core: Core, ada: User) -> None:
    # Lists are narrower than opening an event: a private event is listed only for its
    # creator and participants, staff included (see domain.access.may_see_event).
    admin = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="root@example.org", password=PASSWORD, role=Role.ADMIN),
    )
    schedule(core, ada, at(2025, 8, 5, 10), at(2025, 8, 5, 12), is_private=True)
    assert month(core, admin, 2025, 8) == (0, {})
