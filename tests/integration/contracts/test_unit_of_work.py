"""Units of work commit, roll back and refuse alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.errors import AlreadyExists, EventFull, InvalidValue
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import Category, Event
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases import attendance, categories, events
from support.notices import GatherHubEar

UowFactory = Callable[[], UnitOfWork]


def _user(name: str, now: datetime) -> User:
    return User(username=name, email=f"{name}@example.org", created_at=now, updated_at=now)


def _count_users(uow_factory: UowFactory) -> int:
    with uow_factory() as uow:
        return uow.users.count()


def test_leaving_without_commit_leaves_nothing_behind(
    uow_factory: UowFactory, now: datetime
) -> None:
    with uow_factory() as uow:
        uow.users.add(_user("ada", now))
        uow.categories.add(Category(name="Music"))
    with uow_factory() as uow:
        assert uow.users.count() == 0
        assert uow.categories.list() == []


def test_an_exception_rolls_back_and_propagates(uow_factory: UowFactory, now: datetime) -> None:
    def fail_halfway() -> None:
        with uow_factory() as uow:
            uow.users.add(_user("ada", now))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail_halfway()
    assert _count_users(uow_factory) == 0


def test_commit_keeps_the_work_and_later_commits_in_the_same_block_work_too(
    uow_factory: UowFactory, now: datetime
) -> None:
    with uow_factory() as uow:
        uow.users.add(_user("ada", now))
        uow.commit()
        uow.users.add(_user("bob", now))
        uow.commit()
        uow.users.add(_user("cy", now))  # never committed
    with uow_factory() as uow:
        assert uow.users.find_by_login("ada") is not None
        assert uow.users.find_by_login("bob") is not None
        assert uow.users.find_by_login("cy") is None


def test_rollback_drops_what_was_not_committed(uow_factory: UowFactory, now: datetime) -> None:
    with uow_factory() as uow:
        uow.users.add(_user("ada", now))
        uow.commit()
        uow.users.add(_user("bob", now))
        uow.rollback()
        assert uow.users.count() == 1
        uow.users.add(_user("cy", now))
        uow.commit()
    with uow_factory() as uow:
        assert [uow.users.find_by_login(n) is not None for n in ("ada", "bob", "cy")] == [
            True,
            False,
            True,
        ]


def test_a_unit_of_work_sees_its_own_uncommitted_writes(
    uow_factory: UowFactory, now: datetime
) -> None:
    with uow_factory() as uow:
        ada = uow.users.add(_user("ada", now))
        assert uow.users.get(ada.id) == ada
        assert uow.users.count() == 1


def test_a_refused_duplicate_changes_nothing(uow_factory: UowFactory) -> None:
    categories.create_category(uow_factory(), "Music")
    with pytest.raises(AlreadyExists) as raised:
        categories.create_category(uow_factory(), "MUSIC")
    assert raised.value.field == "name"
    assert [c.name for c in categories.list_categories(uow_factory())] == ["Music"]


def test_joining_a_full_event_changes_nothing(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    creator, guest, late = add_user(), add_user(), add_user()
    event = add_event(creator.id, capacity=2)
    clock, notifier = FixedClock(now), InProcessNotifier()
    attendance.join_event(uow_factory(), clock, notifier, guest.id, event.id)

    with pytest.raises(EventFull):
        attendance.join_event(uow_factory(), clock, notifier, late.id, event.id)

    with uow_factory() as uow:
        assert uow.attendances.find(event.id, late.id) is None
        assert uow.attendances.count(event.id, AttendanceStatus.REGISTERED) == 2
    assert [n.type for n in GatherHubEar(notifier).published] == ["event_joined"]


def test_an_update_refused_by_a_rule_changes_nothing(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    now: datetime,
) -> None:
    creator, guest = add_user(), add_user()
    event = add_event(creator.id, capacity=5)
    attend(event.id, guest.id)
    clock, notifier = FixedClock(now + timedelta(hours=1)), InProcessNotifier()

    with pytest.raises(InvalidValue) as raised:
        events.update_event(
            uow_factory(),
            clock,
            notifier,
            creator.id,
            event.id,
            EventChanges(title="Renamed", capacity=1),
        )
    assert raised.value.field == "capacity"

    with uow_factory() as uow:
        assert uow.events.get(event.id) == event


def test_use_cases_create_read_and_delete_an_event(
    uow_factory: UowFactory, add_user: Callable[..., User], now: datetime
) -> None:
    creator = add_user()
    clock, notifier = FixedClock(now), InProcessNotifier()
    view = events.create_event(
        uow_factory(),
        clock,
        notifier,
        creator.id,
        EventDraft(title="Launch", starts_at=now + timedelta(days=2)),
    )
    assert view.participant_count == 1

    details = events.get_event(uow_factory(), None, view.event.id)
    assert details.view == view
    assert [p.id for p in details.participants] == [creator.id]

    events.delete_event(uow_factory(), creator.id, view.event.id)
    with uow_factory() as uow:
        assert uow.events.get(view.event.id) is None
        assert uow.attendances.find(view.event.id, creator.id) is None
