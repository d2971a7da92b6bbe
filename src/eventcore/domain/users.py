"""Users, their roles and their profile rules."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs
from attrs import define

from eventcore.domain.errors import InvalidValue
from eventcore.domain.ids import UserId
from eventcore.domain.validation import (
    check_coordinates,
    check_length,
    normalize_email,
    require,
)

UNSAVED = UserId(0)
USERNAME_MAX_LENGTH = 150
NAME_MAX_LENGTH = 150
BIO_MAX_LENGTH = 2000
# No "@": a login name with one is read as an email, so usernames never look like one.
USERNAME_PATTERN = re.compile(r"^[\w.+-]+$")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 1024

# Fields a user may change on their own profile; the rest (role, active flag,
# username, email) go through dedicated use cases.
PROFILE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "display_name",
        "bio",
        "phone",
        "age",
        "gender",
        "birthday",
        "pincode",
        "district",
        "state",
        "country",
        "place",
        "latitude",
        "longitude",
    }
)


class Role(enum.StrEnum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


@define(kw_only=True)
class User:
    id: UserId = UNSAVED
    username: str
    email: str
    created_at: datetime
    updated_at: datetime
    phone: str | None = None
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    bio: str = ""
    avatar: str | None = None
    role: Role = Role.USER
    is_active: bool = True
    last_login: datetime | None = None
    age: int | None = None
    gender: str | None = None
    birthday: date | None = None
    pincode: str | None = None
    district: str | None = None
    state: str | None = None
    country: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def check_username(username: str) -> str:
    username = username.strip()
    check_length(username, "username", minimum=1, maximum=USERNAME_MAX_LENGTH)
    require(
        bool(USERNAME_PATTERN.match(username)),
        "username",
        "username may contain only letters, digits and . + - _",
    )
    return username


def check_password(password: str) -> None:
    check_length(password, "password", minimum=PASSWORD_MIN_LENGTH, maximum=PASSWORD_MAX_LENGTH)


def username_candidates(email: str) -> list[str]:
    """Usernames to try, in order, for an account known only by its email."""
    local = re.sub(r"[^\w.+-]", "", email.partition("@")[0])[: USERNAME_MAX_LENGTH - 6] or "user"
    return [local] + [f"{local}{n}" for n in range(1, 1000)]


def new_user(
    *, username: str, email: str, now: datetime, role: Role | str = Role.USER, **profile: Any
) -> User:
    """A validated, unsaved user; `profile` may hold only PROFILE_FIELDS."""
    _check_profile_keys(profile)
    user = User(
        username=check_username(username),
        email=normalize_email(email),
        created_at=now,
        updated_at=now,
        role=_role(role),
        **profile,
    )
    check_profile(user)
    return user


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InvalidValue(f"role must be one of {roles}.", field="role") from None


def _check_profile_keys(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - PROFILE_FIELDS
    require(not unknown, min(unknown, default=""), "This field cannot be set here.")


def check_profile(user: User) -> None:
    for field in ("first_name", "last_name", "display_name"):
        check_length(getattr(user, field), field, maximum=NAME_MAX_LENGTH)
    check_length(user.bio, "bio", maximum=BIO_MAX_LENGTH)
    for field in ("phone", "gender", "pincode", "district", "state", "country", "place"):
        check_length(getattr(user, field), field, maximum=100)
    if user.age is not None:
        require(0 <= user.age <= 150, "age", "age must be between 0 and 150.")
    check_coordinates(user.latitude, user.longitude)


def update_profile(user: User, changes: Mapping[str, Any], now: datetime) -> User:
    """The user with `changes` applied; only PROFILE_FIELDS may change this way."""
    _check_profile_keys(changes)
    updated = attrs.evolve(user, **changes, updated_at=now)
    check_profile(updated)
    return updated


AVATAR_MAX_LENGTH = 2000
# What an account's owner may change about it: the profile, plus the names it is
# known by and its avatar URL. The role is not among them (see access.py).
ACCOUNT_FIELDS = PROFILE_FIELDS | {"username", "email", "avatar"}


def update_account(user: User, changes: Mapping[str, Any], now: datetime) -> User:
    """The user with `changes` (ACCOUNT_FIELDS only) applied and checked.

    Raises InvalidValue naming the field; uniqueness is the repository's to check.
    """
    unknown = set(changes) - ACCOUNT_FIELDS
    require(not unknown, min(unknown, default=""), "This field cannot be changed.")
    values = dict(changes)
    if "username" in values:
        values["username"] = check_username(values["username"])
    if "email" in values:
        values["email"] = normalize_email(values["email"])
    if "avatar" in values:
        check_length(values["avatar"], "avatar", maximum=AVATAR_MAX_LENGTH)
        values["avatar"] = values["avatar"] or None
    updated = attrs.evolve(user, **values, updated_at=now)
    check_profile(updated)
    return updated
