"""Users: usernames, passwords, new users, profile updates, derived usernames."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcore.domain import users
from eventcore.domain.errors import InvalidValue
from eventcore.domain.users import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    USERNAME_MAX_LENGTH,
    ProfileChanges,
    Registration,
    Role,
    User,
    check_password,
    check_username,
    username_candidates,
)
from strategies import PASSWORD, T0


def new_user(*, username: str, email: str, now: datetime, **profile: Any) -> User:
    registration = Registration(email=email, password=PASSWORD, username=username, **profile)
    return users.new_user(registration, username=username, now=now)


def update_profile(user: User, changes: dict[str, Any], now: datetime) -> User:
    return users.update_profile(user, ProfileChanges(**changes), now)


@pytest.fixture
def user() -> User:
    return new_user(username="ada", email="ada@example.org", now=T0, first_name="Ada")


# --- usernames ---------------------------------------------------------------


@pytest.mark.parametrize("username", ["ada", "Ada_Lovelace", "a.b+c-d", "José", "x" * 150])
def test_username_of_letters_digits_and_marks_is_accepted(username: str) -> None:
    assert check_username(username) == username


def test_username_that_looks_like_an_email_is_refused() -> None:
    # Logins by email and by username share one field; an "@" would make them ambiguous.
    with pytest.raises(InvalidValue) as caught:
        check_username("bob@example.org")
    assert caught.value.field == "username"


def test_username_is_stripped_of_surrounding_whitespace() -> None:
    assert check_username("  ada  ") == "ada"


@pytest.mark.parametrize(
    "username", ["", "   ", "ada lovelace", "ada!", "ada/bob", "<script>", "x" * 151]
)
def test_bad_username_is_refused_naming_the_username_field(username: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_username(username)
    assert caught.value.field == "username"


# --- passwords ---------------------------------------------------------------


@pytest.mark.parametrize("length", [PASSWORD_MIN_LENGTH, 20, PASSWORD_MAX_LENGTH])
def test_password_within_length_bounds_is_accepted(length: int) -> None:
    check_password("p" * length)


@pytest.mark.parametrize("length", [0, PASSWORD_MIN_LENGTH - 1, PASSWORD_MAX_LENGTH + 1])
def test_password_outside_length_bounds_is_refused(length: int) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_password("p" * length)
    assert caught.value.field == "password"


# --- new users ---------------------------------------------------------------


def test_new_user_is_an_ordinary_active_user_with_normalised_email() -> None:
    user = new_user(username=" ada ", email="Ada@Example.ORG", now=T0)
    assert (user.username, user.email) == ("ada", "Ada@example.org")
    assert user.role is Role.USER
    assert user.is_active
    assert not user.is_staff
    assert user.created_at == user.updated_at == T0
    assert user.last_login is None


@pytest.mark.parametrize(("role", "staff"), [("user", False), ("moderator", True), ("admin", True)])
def test_new_user_takes_a_role_by_name_and_staff_means_moderator_or_admin(
    role: str, staff: bool
) -> None:
    user = new_user(username="ada", email="ada@example.org", now=T0, role=role)
    assert user.role == Role(role)
    assert user.is_staff is staff


def test_new_user_with_an_unknown_role_is_refused_naming_role() -> None:
    with pytest.raises(InvalidValue) as caught:
        new_user(username="ada", email="ada@example.org", now=T0, role="root")
    assert caught.value.field == "role"


@pytest.mark.parametrize(
    ("profile", "field"),
    [({"age": -1}, "age"), ({"bio": "b" * 2001}, "bio"), ({"latitude": 91.0}, "latitude")],
)
def test_new_user_with_a_bad_profile_value_is_refused(
    profile: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_user(username="ada", email="ada@example.org", now=T0, **profile)
    assert caught.value.field == field


def test_full_name_joins_first_and_last_name() -> None:
    user = new_user(
        username="ada", email="a@example.org", now=T0, first_name="Ada", last_name="Lovelace"
    )
    assert user.full_name == "Ada Lovelace"
    assert attrs.evolve(user, last_name="").full_name == "Ada"


# --- profile updates -----------------------------------------------------------


def test_profile_update_changes_allowed_fields_and_stamps_the_time(user: User) -> None:
    later = T0 + timedelta(hours=1)
    updated = update_profile(user, {"bio": "Analyst", "age": 36}, later)
    assert (updated.bio, updated.age) == ("Analyst", 36)
    assert updated.updated_at == later
    assert updated.created_at == T0
    assert (user.bio, user.age, user.updated_at) == ("", None, T0)


@pytest.mark.parametrize(
    "field", ["role", "username", "email", "is_active", "avatar", "id", "last_login", "created_at"]
)
def test_profile_update_of_a_protected_field_is_refused_naming_it(user: User, field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        update_profile(user, {field: "x", "bio": "fine"}, T0)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"age": 151}, "age"),
        ({"first_name": "f" * 151}, "first_name"),
        ({"phone": "1" * 101}, "phone"),
        ({"longitude": -180.1}, "longitude"),
    ],
)
def test_profile_update_with_a_bad_value_names_the_field(
    user: User, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        update_profile(user, changes, T0)
    assert caught.value.field == field


# --- usernames derived from emails -----------------------------------------------


def test_username_candidates_start_with_the_email_local_part_then_number_it() -> None:
    candidates = username_candidates("grace.hopper@example.org")
    assert candidates[:3] == ["grace.hopper", "grace.hopper1", "grace.hopper2"]
    assert len(candidates) == 1000


def test_username_candidates_drop_characters_a_username_may_not_have() -> None:
    assert username_candidates("o'brien#1@example.org")[0] == "obrien1"


def test_username_candidates_fall_back_to_user_when_nothing_is_left() -> None:
    assert username_candidates("!!!@example.org")[:2] == ["user", "user1"]


@settings(max_examples=100, deadline=None)
@given(st.emails())
def test_every_username_candidate_is_a_distinct_valid_username(email: str) -> None:
    candidates = username_candidates(email)
    assert len(set(candidates)) == len(candidates)
    for candidate in (candidates[0], candidates[-1]):
        assert check_username(candidate) == candidate
        assert len(candidate) <= USERNAME_MAX_LENGTH
