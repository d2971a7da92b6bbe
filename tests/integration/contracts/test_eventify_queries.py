"""count_by_day agrees on memory, SQLite and PostgreSQL: per-day counts and distinct totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.calendar_days import DayCounts, DayWindow, day_window, month_windows, span
from eventcore.domain.events import Category, Event
from eventcore.domain.ids import CategoryId, UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork
from support.references import add_users, examples_on_seeded_data, memory_reference

UowFactory = Callable[[], UnitOfWork]


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


def _counts(uow_factory: UowFactory, where: EventFilter, windows: Sequence[DayWindow]) -> DayCounts:
    with uow_factory() as uow:
        return uow.event_queries.count_by_day(where, windows)


def _month_filter(windows: Sequence[DayWindow], **conditions: object) -> EventFilter:
    starts, ends = span(windows)
    return EventFilter(overlaps_from=starts, overlaps_before=ends, **conditions)  # type: ignore[arg-type]


def test_each_day_counts_the_events_running_on_it_and_the_total_counts_each_once(
    add_user: Callable[..., User], add_event: Callable[..., Event], uow_factory: UowFactory
) -> None:
    creator = add_user()
    add_event(creator.id, starts_at=at(7, 30, 20), ends_at=at(8, 2, 10))  # from July
    add_event(creator.id, starts_at=at(8, 2, 9), ends_at=at(8, 2, 11))
    add_event(creator.id, starts_at=at(8, 31, 23))  # no end: two hours, into September
    add_event(creator.id, starts_at=at(8, 4, 22), ends_at=at(8, 5))  # ends at midnight
    add_event(creator.id, starts_at=at(9, 1), ends_at=at(9, 2))  # the next month only
    windows = month_windows(2025, 8, UTC)

    counts = _counts(uow_factory, _month_filter(windows), windows)

    assert counts.total == 4
    assert counts.busy_days() == [
        (date(2025, 8, 1), 1),
        (date(2025, 8, 2), 2),
        (date(2025, 8, 4), 1),
        (date(2025, 8, 31), 1),
    ]
    assert len(counts.per_day) == 31


def test_counts_respect_the_filter_visibility_included(
    add_user: Callable[..., User],
    add_category: Callable[..., Category],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator, guest, stranger = add_user(), add_user(), add_user()
    music = add_category("Music")
    add_event(creator.id, starts_at=at(8, 3, 10), category_id=music.id)
    secret = add_event(creator.id, starts_at=at(8, 3, 12), is_private=True)
    add_event(creator.id, starts_at=at(8, 4, 12), pincode="560001")
    with uow_factory() as uow:
        uow.attendances.add(
            Attendance(
                event_id=secret.id,
                user_id=guest.id,
                status=AttendanceStatus.REGISTERED,
                created_at=now,
                updated_at=now,
            )
        )
        uow.commit()
    windows = [day_window(date(2025, 8, 3), UTC), day_window(date(2025, 8, 4), UTC)]

    def busy(**conditions: object) -> list[tuple[date, int]]:
        return _counts(uow_factory, _month_filter(windows, **conditions), windows).busy_days()

    assert busy(viewer_id=guest.id) == [(date(2025, 8, 3), 2), (date(2025, 8, 4), 1)]
    assert busy(viewer_id=stranger.id) == [(date(2025, 8, 3), 1), (date(2025, 8, 4), 1)]
    assert busy(viewer_id=stranger.id, category_id=music.id) == [(date(2025, 8, 3), 1)]
    assert busy(viewer_id=stranger.id, pincode="560001") == [(date(2025, 8, 4), 1)]


def test_text_with_nul_matches_no_event(
    add_user: Callable[..., User], add_event: Callable[..., Event], uow_factory: UowFactory
) -> None:
    creator = add_user()
    add_event(creator.id, starts_at=at(8, 3, 10), pincode="560001", title="Jazz")
    windows = month_windows(2025, 8, UTC)
    for where in (
        EventFilter(pincode="560001\x00"),
        EventFilter(search="jazz\x00"),
        EventFilter(pincode="\x00"),
    ):
        assert _counts(uow_factory, where, windows).total == 0
        with uow_factory() as uow:
            assert uow.event_queries.page(where, PageRequest()).total == 0
    assert _counts(uow_factory, EventFilter(pincode="560001"), windows).total == 1


def test_no_windows_still_counts_the_matching_events(
    add_user: Callable[..., User], add_event: Callable[..., Event], uow_factory: UowFactory
) -> None:
    creator = add_user()
    add_event(creator.id, starts_at=at(8, 3, 10))
    assert _counts(uow_factory, EventFilter(), []) == DayCounts(1, {})


def test_the_first_and_last_days_of_the_calendar_have_open_windows(
    add_user: Callable[..., User], add_event: Callable[..., Event], uow_factory: UowFactory
) -> None:
    creator = add_user()
    add_event(creator.id, starts_at=at(8, 3, 10))
    edges = [day_window(date.min, UTC), day_window(date.max, UTC)]
    assert _counts(uow_factory, EventFilter(), edges).busy_days() == []


def test_any_month_in_any_zone_matches_the_memory_adapter(
    uow_factory: UowFactory, now: datetime
) -> None:
    reference = memory_reference()
    seeded = _seed(uow_factory, now)
    assert _seed(reference, now) == seeded
    users, categories = seeded

    @examples_on_seeded_data(40)
    @given(
        month=st.sampled_from([(2025, 1), (2025, 2), (2024, 2), (2025, 3), (2024, 12)]),
        zone=st.sampled_from(
            [
                UTC,
                ZoneInfo("Asia/Kolkata"),
                ZoneInfo("America/New_York"),
                ZoneInfo("Pacific/Kiritimati"),
            ]
        ),
        viewer=st.none() | st.sampled_from(users),
        category=st.none() | st.sampled_from(categories),
    )
    def agrees(
        month: tuple[int, int], zone: ZoneInfo, viewer: UserId | None, category: CategoryId | None
    ) -> None:
        windows = month_windows(*month, zone)
        where = _month_filter(windows, viewer_id=viewer, category_id=category)
        assert _counts(uow_factory, where, windows) == _counts(reference, where, windows)

    agrees()


def _seed(uow_factory: UowFactory, now: datetime) -> tuple[list[UserId], list[CategoryId]]:
    """Events around the turns of the months of winter 2024-2025, a few spanning them."""
    start = datetime(2024, 11, 28, tzinfo=UTC)
    with uow_factory() as uow:
        users = add_users(uow, now, 3)
        categories = [uow.categories.add(Category(name=name)).id for name in ("A", "B")]
        for n in range(60):
            starts_at = start + timedelta(hours=37 * n + n % 5)
            length = [
                None,
                timedelta(hours=3),
                timedelta(days=2),
                timedelta(hours=22),
                timedelta(days=31),
            ][n % 5]
            uow.events.add(
                Event(
                    title=f"Event {n}",
                    creator_id=users[n % 3],
                    starts_at=starts_at,
                    ends_at=None if length is None else starts_at + length,
                    created_at=now,
                    updated_at=now,
                    is_private=n % 7 == 0,
                    category_id=categories[n % 2] if n % 3 else None,
                )
            )
        uow.commit()
    return users, categories
