"""The rules the ticketing API added: who manages events under a management rule, who
grants roles and sees attendances, attendance status changes, and account changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from eventcore.domain import access, users
from eventcore.domain.access import EventManagement
from eventcore.domain.attendance import (
    Attendance,
    AttendanceStatus,
    change_status,
    ensure_removable,
    express_interest,
    organizer_of,
)
from eventcore.domain.errors import EventFull, Forbidden, InvalidValue, OrganizerStays
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import AccountChanges, Role, User

NOW = datetime(2027, 5, 1, 12, tzinfo=UTC)


def update_account(user: User, changes: dict[str, Any], now: datetime) -> User:
    return users.update_account(user, AccountChanges(**changes), now)


def _user(user_id: int, role: Role = Role.USER) -> User:
    return User(
        id=UserId(user_id),
        username=f"u{user_id}",
        email=f"u{user_id}@example.org",
        created_at=NOW,
        updated_at=NOW,
        role=role,
    )


def _event(creator: int = 1, capacity: int | None = 2) -> Event:
    return Event(
        id=EventId(7),
        title="Gig",
        creator_id=UserId(creator),
        starts_at=NOW + timedelta(days=1),
        created_at=NOW,
        updated_at=NOW,
        capacity=capacity,
    )


USER, MODERATOR, ADMIN = _user(1), _user(2, Role.MODERATOR), _user(3, Role.ADMIN)


# Event management ------------------------------------------------------------


@pytest.mark.parametrize(("user", "allowed"), [(USER, False), (MODERATOR, True), (ADMIN, True)])
def test_under_staff_management_only_staff_create_and_manage_events(
    user: User, allowed: bool
) -> None:
    own_event = _event(creator=user.id)
    assert access.may_create_event(user, EventManagement.STAFF) is allowed
    assert access.may_manage_event_under(user, own_event, EventManagement.STAFF) is allowed


def test_under_creator_management_anyone_creates_and_the_creator_manages() -> None:
    assert access.may_create_event(USER, EventManagement.CREATORS)
    assert access.may_manage_event_under(USER, _event(creator=USER.id), EventManagement.CREATORS)
    assert not access.may_manage_event_under(USER, _event(creator=9), EventManagement.CREATORS)
    assert access.may_manage_event_under(MODERATOR, _event(creator=9), EventManagement.CREATORS)


def test_the_ensure_rules_raise_forbidden() -> None:
    with pytest.raises(Forbidden):
        access.ensure_may_create_event(USER, EventManagement.STAFF)
    with pytest.raises(Forbidden):
        access.ensure_may_manage_event_under(USER, _event(creator=USER.id), EventManagement.STAFF)


# Roles and lists -------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "role", "allowed"),
    [
        (None, Role.USER, True),
        (None, Role.MODERATOR, False),
        (None, Role.ADMIN, False),
        (USER, Role.ADMIN, False),
        (MODERATOR, Role.MODERATOR, False),
        (MODERATOR, Role.USER, True),
        (ADMIN, Role.ADMIN, True),
        (ADMIN, Role.MODERATOR, True),
    ],
)
def test_only_an_admin_grants_moderator_and_admin(
    actor: User | None, role: Role, allowed: bool
) -> None:
    assert access.may_grant_role(actor, role) is allowed


def test_only_admins_list_users_and_attendees() -> None:
    assert [access.may_list_users(u) for u in (USER, MODERATOR, ADMIN)] == [False, False, True]
    assert [access.may_see_attendees(u) for u in (USER, MODERATOR, ADMIN)] == [False, False, True]


def test_accounts_are_changed_by_their_owner_only() -> None:
    assert access.may_change_account(USER, USER.id)
    assert not access.may_change_account(ADMIN, USER.id)


def test_attendances_are_seen_and_removed_by_their_user_and_admins() -> None:
    for rule in (access.may_see_attendances_of, access.may_remove_attendance_of):
        assert rule(USER, USER.id)
        assert not rule(MODERATOR, USER.id)
        assert rule(ADMIN, USER.id)
    with pytest.raises(Forbidden):
        access.ensure_may_remove_attendance_of(MODERATOR, USER.id)


# Attendance status -----------------------------------------------------------


def _attendance(status: AttendanceStatus) -> Attendance:
    return Attendance(
        event_id=EventId(7), user_id=UserId(1), status=status, created_at=NOW, updated_at=NOW
    )


def test_interest_takes_no_seat() -> None:
    interested = express_interest(_event(), UserId(4), NOW)
    assert interested.status is AttendanceStatus.INTERESTED
    assert not interested.is_participant


def test_registering_from_interested_needs_a_free_seat() -> None:
    current = _attendance(AttendanceStatus.INTERESTED)
    later = NOW + timedelta(hours=1)
    registered = change_status(
        _event(), current, AttendanceStatus.REGISTERED, participants=1, now=later
    )
    assert (registered.status, registered.updated_at, registered.created_at) == (
        AttendanceStatus.REGISTERED,
        later,
        NOW,
    )
    with pytest.raises(EventFull):
        change_status(_event(), current, AttendanceStatus.REGISTERED, participants=2, now=NOW)


@pytest.mark.parametrize("status", list(AttendanceStatus))
def test_the_same_status_again_changes_nothing(status: AttendanceStatus) -> None:
    current = _attendance(status)
    assert change_status(_event(capacity=1), current, status, participants=1, now=NOW) is current


def test_leaving_registered_frees_the_seat() -> None:
    cancelled = change_status(
        _event(),
        _attendance(AttendanceStatus.REGISTERED),
        AttendanceStatus.CANCELLED,
        participants=2,
        now=NOW,
    )
    assert cancelled.status is AttendanceStatus.CANCELLED


def test_the_organizer_stays_registered_and_cannot_be_removed() -> None:
    organizer = organizer_of(_event(), NOW)
    with pytest.raises(OrganizerStays):
        change_status(_event(), organizer, AttendanceStatus.INTERESTED, participants=1, now=NOW)
    with pytest.raises(OrganizerStays):
        ensure_removable(organizer)
    ensure_removable(_attendance(AttendanceStatus.REGISTERED))


# Account changes -------------------------------------------------------------


def test_an_account_changes_its_names_email_and_avatar() -> None:
    later = NOW + timedelta(days=1)
    changed = update_account(
        USER,
        {
            "username": " neo ",
            "email": "Neo@Example.ORG",
            "avatar": "neo.png",
            "first_name": "Thomas",
        },
        later,
    )
    assert (
        changed.username,
        changed.email,
        changed.avatar,
        changed.first_name,
        changed.updated_at,
    ) == ("neo", "Neo@example.org", "neo.png", "Thomas", later)


def test_an_empty_avatar_is_no_avatar() -> None:
    assert update_account(USER, {"avatar": ""}, NOW).avatar is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": Role.ADMIN}, "role"),
        ({"is_active": False}, "is_active"),
        ({"email": "nope"}, "email"),
        ({"username": "has space"}, "username"),
        ({"avatar": "x" * 2001}, "avatar"),
        ({"age": 200}, "age"),
    ],
)
def test_account_changes_that_break_a_rule_name_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        update_account(USER, changes, NOW)
    assert refused.value.field == field
