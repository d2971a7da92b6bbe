"""Accounts on the memory core: sign up, log in, disable, profiles and avatars."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.media.local_files import MemoryMediaStore
from eventcore.bootstrap import Core
from eventcore.domain.errors import (
    AccountDisabled,
    AlreadyExists,
    Forbidden,
    InvalidCredentials,
    InvalidValue,
    NotFound,
)
from eventcore.domain.ids import UserId
from eventcore.domain.media import Upload
from eventcore.domain.users import ProfileChanges, Registration, Role, User
from eventcore.ports.clock import Clock
from eventcore.ports.media import MediaStore
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases import accounts, tokens
from eventcore.usecases.tokens import SignedIn
from strategies import PASSWORD, T0

Tables = dict[str, dict[Any, Any]]
MakeUser = Callable[..., User]


@pytest.fixture
def media(core: Core) -> MemoryMediaStore:
    assert isinstance(core.media, MemoryMediaStore)
    return core.media


def sign_up(core: Core, **fields: Any) -> SignedIn:
    """Sign up ada, or whoever `fields` describe instead."""
    values = {"username": "ada", "email": "ada@example.org", "password": PASSWORD, **fields}
    return tokens.sign_up(core.uow(), core.clock, core.hasher, core.tokens, Registration(**values))


def update_profile(
    uow: UnitOfWork,
    clock: Clock,
    media: MediaStore,
    user_id: UserId,
    changes: dict[str, Any],
    avatar: Upload | None = None,
) -> User:
    return accounts.update_profile(uow, clock, media, user_id, ProfileChanges(**changes), avatar)


def log_in(core: Core, login: str, password: str = PASSWORD) -> SignedIn:
    return tokens.log_in(
        core.uow(), core.clock, core.hasher, core.tokens, login=login, password=password
    )


# --- sign up ------------------------------------------------------------------------


def test_sign_up_creates_an_ordinary_user_and_signs_them_in(core: Core) -> None:
    signed = sign_up(core, email="Ada@Example.ORG", first_name="Ada")
    assert signed.user.id == UserId(1)
    assert signed.user.role is Role.USER
    assert signed.user.email == "Ada@example.org"
    assert accounts.get_profile(core.uow(), signed.user.id) == signed.user
    authenticated = tokens.authenticate(core.uow(), core.clock, core.tokens, signed.tokens.access)
    assert authenticated.id == signed.user.id


def test_sign_up_never_keeps_the_plain_password(core: Core, snapshot: Callable[[], Tables]) -> None:
    user = sign_up(core).user
    stored = snapshot()["credentials"][user.id]
    assert stored.password_hash is not None
    assert PASSWORD not in stored.password_hash


def test_sign_up_with_a_taken_username_is_refused_and_changes_nothing(
    core: Core, snapshot: Callable[[], Tables]
) -> None:
    sign_up(core)
    before = snapshot()
    with pytest.raises(AlreadyExists) as caught:
        sign_up(core, username="ada", email="other@example.org")
    assert caught.value.field == "username"
    assert snapshot() == before


@pytest.mark.parametrize("email", ["ada@example.org", "ADA@EXAMPLE.ORG", "Ada@example.org"])
def test_sign_up_with_a_taken_email_in_any_case_is_refused(
    core: Core, snapshot: Callable[[], Tables], email: str
) -> None:
    sign_up(core, email="ada@example.org")
    before = snapshot()
    with pytest.raises(AlreadyExists) as caught:
        sign_up(core, username="ada2", email=email)
    assert caught.value.field == "email"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"password": "short"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"username": "no spaces"}, "username"),
        ({"age": 200}, "age"),
    ],
)
def test_sign_up_with_a_bad_value_names_it_and_stores_nothing(
    core: Core, snapshot: Callable[[], Tables], fields: dict[str, object], field: str
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        sign_up(core, **fields)
    assert caught.value.field == field
    assert snapshot() == before


def test_sign_up_asking_for_a_staff_role_is_refused_or_ignored(
    core: Core, snapshot: Callable[[], Tables]
) -> None:
    before = snapshot()
    try:
        signed = sign_up(core, role="admin")
    except Forbidden:
        assert snapshot() == before
    else:
        assert signed.user.role is Role.USER


def test_create_user_may_grant_a_staff_role(core: Core) -> None:
    user = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="root@example.org", password=PASSWORD, username="root", role=Role.ADMIN),
    )
    assert accounts.get_profile(core.uow(), user.id).role is Role.ADMIN


def test_create_user_without_username_derives_a_free_one_from_the_email(core: Core) -> None:
    first = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="grace.hopper@example.org", password=PASSWORD),
    )
    second = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="grace.hopper@navy.mil", password=PASSWORD),
    )
    assert (first.username, second.username) == ("grace.hopper", "grace.hopper1")


# --- log in ------------------------------------------------------------------------------


def test_log_in_by_username_returns_the_user_and_working_tokens(core: Core) -> None:
    user = sign_up(core).user
    signed = log_in(core, "ada")
    assert signed.user.id == user.id
    assert tokens.authenticate(core.uow(), core.clock, core.tokens, signed.tokens.access) == (
        signed.user
    )


@pytest.mark.parametrize("login", ["ada@example.org", "ADA@example.org", "  ada@EXAMPLE.org "])
def test_log_in_by_email_in_any_case(core: Core, login: str) -> None:
    user = sign_up(core).user
    assert log_in(core, login).user.id == user.id


def test_log_in_stamps_last_login_with_the_clock(core: Core, clock: FixedClock) -> None:
    user = sign_up(core).user
    assert user.last_login is None
    clock.advance(timedelta(days=2))
    assert log_in(core, "ada").user.last_login == T0 + timedelta(days=2)
    assert accounts.get_profile(core.uow(), user.id).last_login == T0 + timedelta(days=2)


@pytest.mark.parametrize(
    ("login", "password"),
    [("ada", "wrong password"), ("nobody", PASSWORD), ("nobody@example.org", PASSWORD)],
)
def test_wrong_password_or_unknown_user_are_the_same_invalid_credentials(
    core: Core, snapshot: Callable[[], Tables], login: str, password: str
) -> None:
    sign_up(core)
    before = snapshot()
    with pytest.raises(InvalidCredentials):
        log_in(core, login, password)
    assert snapshot() == before


def test_disabled_account_cannot_log_in_until_enabled_again(core: Core) -> None:
    user = sign_up(core).user
    assert not accounts.set_active(core.uow(), core.clock, user.id, False).is_active
    with pytest.raises(AccountDisabled):
        log_in(core, "ada")
    accounts.set_active(core.uow(), core.clock, user.id, True)
    assert log_in(core, "ada").user.id == user.id


def test_disabled_account_with_a_wrong_password_gets_invalid_credentials(core: Core) -> None:
    user = sign_up(core).user
    accounts.set_active(core.uow(), core.clock, user.id, False)
    with pytest.raises(InvalidCredentials):
        log_in(core, "ada", "wrong password")


def test_set_active_on_an_unknown_user_is_not_found(core: Core) -> None:
    with pytest.raises(NotFound):
        accounts.set_active(core.uow(), core.clock, UserId(404), False)


# --- profiles --------------------------------------------------------------------------


def test_get_profile_of_an_unknown_user_is_not_found(core: Core) -> None:
    with pytest.raises(NotFound):
        accounts.get_profile(core.uow(), UserId(404))


def test_profile_update_is_stored_and_stamped(core: Core, clock: FixedClock, ada: User) -> None:
    clock.advance(timedelta(hours=3))
    update_profile(core.uow(), core.clock, core.media, ada.id, {"bio": "Analyst", "country": "UK"})
    stored = accounts.get_profile(core.uow(), ada.id)
    assert (stored.bio, stored.country) == ("Analyst", "UK")
    assert (stored.created_at, stored.updated_at) == (T0, T0 + timedelta(hours=3))


@pytest.mark.parametrize("field", ["role", "is_active", "username", "email"])
def test_profile_update_of_a_protected_field_is_refused_and_changes_nothing(
    core: Core, snapshot: Callable[[], Tables], ada: User, field: str
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        update_profile(core.uow(), core.clock, core.media, ada.id, {field: "admin"})
    assert caught.value.field == field
    assert snapshot() == before


def test_profile_update_of_an_unknown_user_is_not_found(core: Core) -> None:
    with pytest.raises(NotFound):
        update_profile(core.uow(), core.clock, core.media, UserId(404), {"bio": "x"})


def test_profile_update_taking_another_users_phone_is_refused(
    core: Core, make_user: MakeUser, ada: User
) -> None:
    make_user("bob", phone="+441234")
    with pytest.raises(AlreadyExists) as caught:
        update_profile(core.uow(), core.clock, core.media, ada.id, {"phone": "+441234"})
    assert caught.value.field == "phone"
    assert accounts.get_profile(core.uow(), ada.id).phone is None


def test_avatar_upload_is_kept_in_the_media_store(core: Core, ada: User) -> None:
    updated = update_profile(
        core.uow(), core.clock, core.media, ada.id, {}, avatar=Upload("Me.PNG", b"\x89PNG picture")
    )
    assert updated.avatar is not None
    assert updated.avatar.startswith("avatars/")
    assert updated.avatar.endswith(".png")
    assert core.media.read(updated.avatar) == b"\x89PNG picture"
    assert accounts.get_profile(core.uow(), ada.id).avatar == updated.avatar


@pytest.mark.parametrize(
    "upload", [Upload("me.txt", b"text"), Upload("me.png", b""), Upload("me", b"data")]
)
def test_bad_avatar_is_refused_naming_avatar_and_nothing_is_stored(
    core: Core,
    media: MemoryMediaStore,
    snapshot: Callable[[], Tables],
    ada: User,
    upload: Upload,
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        update_profile(core.uow(), core.clock, core.media, ada.id, {"bio": "new"}, avatar=upload)
    assert caught.value.field == "avatar"
    assert snapshot() == before
    assert media.files == {}


def test_refused_profile_update_leaves_no_avatar_file_behind(
    core: Core, media: MemoryMediaStore, make_user: MakeUser, ada: User
) -> None:
    make_user("bob", phone="+441234")
    with pytest.raises(AlreadyExists):
        update_profile(
            core.uow(),
            core.clock,
            core.media,
            ada.id,
            {"phone": "+441234"},
            avatar=Upload("me.png", b"picture"),
        )
    assert media.files == {}


class CountingHasher:
    """The core's hasher, counting the argon2 runs (a hash or a verify costs one)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.runs = 0

    def hash(self, password: str) -> str:
        self.runs += 1
        return str(self.inner.hash(password))

    def verify(self, stored: str, password: str) -> bool:
        self.runs += 1
        return bool(self.inner.verify(stored, password))


@pytest.mark.parametrize(
    ("login", "password"),
    [("ada", PASSWORD), ("ada", "wrong password"), ("nobody", PASSWORD)],
)
def test_every_login_costs_one_argon2_run_whether_or_not_the_account_exists(
    core: Core, login: str, password: str
) -> None:
    # Every API's login goes through accounts.verify_password: timing is the same
    # because the work is, which is counted here rather than timed.
    sign_up(core)
    hasher = CountingHasher(core.hasher)
    with core.uow() as uow, contextlib.suppress(InvalidCredentials):
        accounts.verify_password(uow, core.clock, hasher, login, password)
    assert hasher.runs == 1
