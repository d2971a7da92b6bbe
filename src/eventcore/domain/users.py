"""Users, their roles and their profile rules."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime

import attrs
from attrs import define, frozen

from eventcore.domain.errors import Reason
from eventcore.domain.ids import UserId
from eventcore.domain.inputs import (
    DAY,
    NUMBER,
    TEXT,
    WHOLE,
    Change,
    change,
    choice,
    given,
    nullable,
    optional,
    refuses_unknown_fields,
    required,
)
from eventcore.domain.phones import normalize_phone
from eventcore.domain.validation import (
    check_between,
    check_coordinates,
    check_length,
    normalize_email,
    require,
)

UNSAVED = UserId(0)
USERNAME_MAX_LENGTH = 150
NAME_MAX_LENGTH = 150
BIO_MAX_LENGTH = 2000
AVATAR_MAX_LENGTH = 2000
# No "@": a login name with one is read as an email, so usernames never look like one.
USERNAME_PATTERN = re.compile(r"^[\w.+-]+$")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 1024


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

    @property
    def search_text(self) -> str:
        """What a people search looks in (names and email), lower-cased."""
        parts = (self.display_name, self.first_name, self.last_name, self.username, self.email)
        return "\n".join(parts).lower()


@refuses_unknown_fields
@frozen(kw_only=True)
class Registration:
    """A new account as its owner, an admin or the command line describes it."""

    email: str = required(TEXT)
    password: str = required(TEXT)
    # Derived from the email when not given (see username_candidates).
    username: str | None = optional(nullable(TEXT), None)
    role: Role = optional(choice(Role), Role.USER)
    phone: str | None = optional(nullable(TEXT), None)
    first_name: str = optional(TEXT, "")
    last_name: str = optional(TEXT, "")
    display_name: str = optional(TEXT, "")
    bio: str = optional(TEXT, "")
    avatar: str | None = optional(nullable(TEXT), None)
    age: int | None = optional(nullable(WHOLE), None)
    gender: str | None = optional(nullable(TEXT), None)
    birthday: date | None = optional(nullable(DAY), None)
    pincode: str | None = optional(nullable(TEXT), None)
    district: str | None = optional(nullable(TEXT), None)
    state: str | None = optional(nullable(TEXT), None)
    country: str | None = optional(nullable(TEXT), None)
    place: str | None = optional(nullable(TEXT), None)
    latitude: float | None = optional(nullable(NUMBER), None)
    longitude: float | None = optional(nullable(NUMBER), None)


@refuses_unknown_fields
@frozen(kw_only=True)
class ProfileChanges:
    """What a person changes about themselves on their profile; UNSET leaves a field."""

    first_name: Change[str] = change(TEXT)
    last_name: Change[str] = change(TEXT)
    display_name: Change[str] = change(TEXT)
    bio: Change[str] = change(TEXT)
    phone: Change[str | None] = change(nullable(TEXT))
    age: Change[int | None] = change(nullable(WHOLE))
    gender: Change[str | None] = change(nullable(TEXT))
    birthday: Change[date | None] = change(nullable(DAY))
    pincode: Change[str | None] = change(nullable(TEXT))
    district: Change[str | None] = change(nullable(TEXT))
    state: Change[str | None] = change(nullable(TEXT))
    country: Change[str | None] = change(nullable(TEXT))
    place: Change[str | None] = change(nullable(TEXT))
    latitude: Change[float | None] = change(nullable(NUMBER))
    longitude: Change[float | None] = change(nullable(NUMBER))


@refuses_unknown_fields
@frozen(kw_only=True)
class AccountChanges(ProfileChanges):
    """What an account's owner changes: the profile, the names it is known by and its
    avatar URL; and the role, which only an admin grants (see access.py)."""

    username: Change[str] = change(TEXT)
    email: Change[str] = change(TEXT)
    avatar: Change[str | None] = change(nullable(TEXT))
    role: Change[Role] = change(choice(Role))


def check_username(username: str) -> str:
    username = username.strip()
    check_length(username, "username", minimum=1, maximum=USERNAME_MAX_LENGTH)
    require(bool(USERNAME_PATTERN.match(username)), "username", Reason.INVALID_USERNAME)
    return username


def check_password(password: str) -> None:
    check_length(password, "password", minimum=PASSWORD_MIN_LENGTH, maximum=PASSWORD_MAX_LENGTH)


def username_candidates(email: str) -> list[str]:
    """Usernames to try, in order, for an account known only by its email."""
    local = re.sub(r"[^\w.+-]", "", email.partition("@")[0])[: USERNAME_MAX_LENGTH - 6] or "user"
    return [local] + [f"{local}{n}" for n in range(1, 1000)]


def new_user(registration: Registration, *, username: str, now: datetime) -> User:
    """A validated, unsaved user made from `registration` under `username` (the one
    given, or one derived by the caller). The password is the caller's to keep."""
    check_password(registration.password)
    profile = attrs.asdict(registration, recurse=False)
    for kept_apart in ("password", "username", "email", "role", "phone", "avatar"):
        del profile[kept_apart]
    user = User(
        username=check_username(username),
        email=normalize_email(registration.email),
        role=registration.role,
        phone=None if registration.phone is None else normalize_phone(registration.phone),
        avatar=_avatar(registration.avatar),
        created_at=now,
        updated_at=now,
        **profile,
    )
    check_profile(user)
    return user


def check_profile(user: User) -> None:
    for field in ("first_name", "last_name", "display_name"):
        check_length(getattr(user, field), field, maximum=NAME_MAX_LENGTH)
    check_length(user.bio, "bio", maximum=BIO_MAX_LENGTH)
    for field in ("phone", "gender", "pincode", "district", "state", "country", "place"):
        check_length(getattr(user, field), field, maximum=100)
    check_length(user.avatar, "avatar", maximum=AVATAR_MAX_LENGTH)
    if user.age is not None:
        check_between(user.age, "age", 0, 150)
    check_coordinates(user.latitude, user.longitude)


def update_profile(user: User, changes: ProfileChanges, now: datetime) -> User:
    """The user with `changes` applied and checked."""
    updated = attrs.evolve(user, **given(changes), updated_at=now)
    check_profile(updated)
    return updated


def update_account(user: User, changes: AccountChanges, now: datetime) -> User:
    """The user with `changes` applied and checked. A role is refused here: it changes
    through `with_role`, once the caller knows the actor may grant it. Raises
    InvalidValue naming the field; uniqueness is the repository's to check."""
    values = given(changes)
    require("role" not in values, "role", Reason.NOT_SETTABLE)
    if "username" in values:
        values["username"] = check_username(values["username"])
    if "email" in values:
        values["email"] = normalize_email(values["email"])
    if "avatar" in values:
        values["avatar"] = _avatar(values["avatar"])
    updated = attrs.evolve(user, **values, updated_at=now)
    check_profile(updated)
    return updated


def with_role(user: User, role: Role, now: datetime) -> User:
    return attrs.evolve(user, role=role, updated_at=now)


def record_login(user: User, now: datetime) -> User:
    """The user as they are after signing in at `now`."""
    return attrs.evolve(user, last_login=now)


def with_active(user: User, active: bool, now: datetime) -> User:
    """The user enabled or disabled; a disabled account cannot sign in."""
    return attrs.evolve(user, is_active=active, updated_at=now)


def _avatar(url: str | None) -> str | None:
    check_length(url, "avatar", maximum=AVATAR_MAX_LENGTH)
    return url or None
