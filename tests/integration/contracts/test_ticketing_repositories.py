"""The repository methods the ticketing API added behave the same on memory, SQLite and
PostgreSQL: listing and deleting users, listing and deleting attendances."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken
from eventcore.domain.errors import Conflict
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
AddUser = Callable[..., User]
AddEvent = Callable[..., Event]
Attend = Callable[..., Attendance]


def test_users_are_listed_by_id(uow_factory: UowFactory, add_user: AddUser) -> None:
    first, second, third = add_user(), add_user(), add_user()
    with uow_factory() as uow:
        assert list(uow.users.list()) == [first, second, third]


def test_no_users_list_as_empty(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        assert list(uow.users.list()) == []


def test_deleting_a_user_takes_their_credentials_tokens_and_attendances(
    uow_factory: UowFactory,
    add_user: AddUser,
    add_event: AddEvent,
    attend: Attend,
    now: datetime,
) -> None:
    host, leaving, staying = add_user(), add_user(), add_user()
    event = add_event(host.id)
    attend(event.id, leaving.id)
    attend(event.id, staying.id, AttendanceStatus.INTERESTED)
    with uow_factory() as uow:
        uow.credentials.save(Credentials(user_id=leaving.id, password_hash="h"))
        uow.refresh_tokens.add(
            RefreshToken(
                token_hash="r", user_id=leaving.id, family="f", issued_at=now, expires_at=now
            )
        )
        uow.api_tokens.save(ApiToken(token_hash="a", user_id=leaving.id, created_at=now))
        uow.commit()

    with uow_factory() as uow:
        uow.users.delete(leaving.id)
        uow.commit()

    with uow_factory() as uow:
        assert uow.users.get(leaving.id) is None
        assert uow.credentials.get(leaving.id) is None
        assert uow.refresh_tokens.get("r") is None
        assert uow.api_tokens.for_user(leaving.id) is None
        assert uow.attendances.find(event.id, leaving.id) is None
        assert [a.user_id for a in uow.attendances.for_event(event.id)] == [host.id, staying.id]
        assert [u.id for u in uow.users.list()] == [host.id, staying.id]


def test_a_user_who_created_an_event_is_not_deleted(
    uow_factory: UowFactory, add_user: AddUser, add_event: AddEvent
) -> None:
    host = add_user()
    add_event(host.id)
    with uow_factory() as uow:
        with pytest.raises(Conflict) as refused:
            uow.users.delete(host.id)
        assert refused.value.field == "id"
        # The unit of work stays usable after the refusal.
        assert uow.users.get(host.id) == host
    with uow_factory() as uow:
        assert uow.users.get(host.id) == host


def test_attendances_of_an_event_and_of_a_user_come_oldest_first(
    uow_factory: UowFactory, add_user: AddUser, add_event: AddEvent, attend: Attend
) -> None:
    host, guest = add_user(), add_user()
    first, second = add_event(host.id, organizer=False), add_event(host.id, organizer=False)
    a = attend(second.id, guest.id, AttendanceStatus.CANCELLED)
    b = attend(first.id, guest.id, AttendanceStatus.INTERESTED)
    c = attend(first.id, host.id)
    with uow_factory() as uow:
        assert list(uow.attendances.for_event(first.id)) == [b, c]
        assert list(uow.attendances.for_event(second.id)) == [a]
        assert list(uow.attendances.for_user(guest.id)) == [a, b]
        assert list(uow.attendances.for_user(UserId(999))) == []
        assert list(uow.attendances.for_event(EventId(999))) == []


def test_deleting_an_attendance_removes_that_one_only(
    uow_factory: UowFactory, add_user: AddUser, add_event: AddEvent, attend: Attend
) -> None:
    host, guest = add_user(), add_user()
    event, other_event = add_event(host.id, organizer=False), add_event(host.id, organizer=False)
    attend(event.id, guest.id)
    kept = [attend(event.id, host.id), attend(other_event.id, guest.id)]
    with uow_factory() as uow:
        uow.attendances.delete(event.id, guest.id)
        uow.attendances.delete(event.id, UserId(999))  # nothing to delete: no error
        uow.commit()
    with uow_factory() as uow:
        assert uow.attendances.find(event.id, guest.id) is None
        assert uow.attendances.count(event.id, AttendanceStatus.REGISTERED) == 1
        assert [
            *uow.attendances.for_event(event.id),
            *uow.attendances.for_event(other_event.id),
        ] == kept


def test_deletions_come_back_after_a_rollback(
    uow_factory: UowFactory, add_user: AddUser, add_event: AddEvent, attend: Attend
) -> None:
    host, guest = add_user(), add_user()
    event = add_event(host.id, organizer=False)
    kept = attend(event.id, guest.id)
    with uow_factory() as uow:
        uow.attendances.delete(event.id, guest.id)
        uow.users.delete(guest.id)
        assert uow.attendances.find(event.id, guest.id) is None
        assert uow.users.get(guest.id) is None
    with uow_factory() as uow:
        assert uow.attendances.find(event.id, guest.id) == kept
        assert uow.users.get(guest.id) == guest
