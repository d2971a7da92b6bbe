"""Opaque API tokens on the memory core: register, log in, authenticate, log out."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest

from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core
from eventcore.domain.errors import (
    AccountDisabled,
    AlreadyExists,
    AlreadyTaken,
    InvalidCredentials,
    InvalidToken,
    InvalidValue,
    TokenMismatch,
)
from eventcore.domain.users import Registration, Role, User
from eventcore.usecases import accounts, opaque_tokens
from eventcore.usecases.opaque_tokens import IssuedApiToken
from strategies import PASSWORD

Tables = dict[str, dict[Any, Any]]
HEX_40 = re.compile(r"^[0-9a-f]{40}$")


def register(
    core: Core,
    email: str = "john.doe@example.com",
    phone: str = "+1234567890",
    password: str = PASSWORD,
) -> IssuedApiToken:
    return opaque_tokens.sign_up(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email=email, phone=phone, password=password),
    )


def log_in(core: Core, login: str, password: str = PASSWORD) -> IssuedApiToken:
    return opaque_tokens.log_in(core.uow(), core.clock, core.hasher, login=login, password=password)


def authenticate(core: Core, token: str, username: str) -> User:
    return opaque_tokens.authenticate(core.uow(), token, username)


# --- registration -------------------------------------------------------------------


def test_registration_creates_an_ordinary_user_named_after_the_email(core: Core) -> None:
    issued = register(core)
    assert issued.user.username == "john.doe"
    assert issued.user.email == "john.doe@example.com"
    assert issued.user.phone == "+1234567890"
    assert issued.user.role is Role.USER
    assert authenticate(core, issued.token, "john.doe").id == issued.user.id


def test_the_token_is_40_hex_characters_and_only_its_sha256_is_stored(
    core: Core, store: MemoryStore
) -> None:
    issued = register(core)
    assert HEX_40.match(issued.token)
    (stored,) = store.tables["api_tokens"].values()
    assert stored.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in repr(store.tables)


def test_usernames_derived_from_the_same_local_part_stay_unique(core: Core) -> None:
    first = register(core, email="sam@one.example", phone="+100000001")
    second = register(core, email="sam@two.example", phone="+100000002")
    third = register(core, email="sam@three.example", phone="+100000003")
    assert [first.user.username, second.user.username, third.user.username] == [
        "sam",
        "sam1",
        "sam2",
    ]


def test_separators_in_phone_numbers_are_dropped(core: Core) -> None:
    assert register(core, phone=" +1 (234) 567-890 ").user.phone == "+1234567890"


@pytest.mark.parametrize("phone", ["", "call me", "12", "+", "++1234567", "1" * 21])
def test_a_phone_that_is_no_number_is_refused(core: Core, store: MemoryStore, phone: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        register(core, phone=phone)
    assert refused.value.field == "phone"
    assert store.tables["users"] == {}


def test_a_taken_email_and_phone_are_both_named(core: Core, store: MemoryStore) -> None:
    register(core)
    users_before = dict(store.tables["users"])
    with pytest.raises(AlreadyTaken) as taken:
        register(core, email="JOHN.DOE@example.com", phone="+1 234 567 890")
    assert set(taken.value.fields) == {"email", "phone"}
    assert store.tables["users"] == users_before


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [("john.doe@example.com", "+999999", "email"), ("other@example.com", "+1234567890", "phone")],
)
def test_one_taken_value_is_named_alone(core: Core, email: str, phone: str, field: str) -> None:
    register(core)
    with pytest.raises(AlreadyTaken) as taken:
        register(core, email=email, phone=phone)
    assert list(taken.value.fields) == [field]
    assert isinstance(taken.value, AlreadyExists)


def test_a_short_password_is_refused_and_nothing_is_written(
    core: Core, snapshot: Callable[[], Tables]
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as refused:
        register(core, password="short")
    assert refused.value.field == "password"
    assert snapshot() == before


# --- login ----------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["john.doe", "john.doe@example.com", "JOHN.DOE@EXAMPLE.COM"])
def test_login_by_username_or_email_issues_a_working_token(core: Core, login: str) -> None:
    registered = register(core)
    issued = log_in(core, login)
    assert issued.user.id == registered.user.id
    assert HEX_40.match(issued.token)
    assert authenticate(core, issued.token, "john.doe").id == registered.user.id


def test_a_new_login_replaces_the_previous_token(core: Core) -> None:
    registered = register(core)
    issued = log_in(core, "john.doe")
    assert issued.token != registered.token
    with pytest.raises(InvalidToken):
        authenticate(core, registered.token, "john.doe")


def test_a_wrong_password_is_invalid_credentials_and_keeps_the_token(core: Core) -> None:
    registered = register(core)
    with pytest.raises(InvalidCredentials) as refused:
        log_in(core, "john.doe", "not the password")
    assert refused.value.field == "username"
    assert authenticate(core, registered.token, "john.doe").id == registered.user.id


def test_an_unknown_login_is_invalid_credentials(core: Core) -> None:
    with pytest.raises(InvalidCredentials):
        log_in(core, "nobody")


# --- authentication --------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["", "abc", "0" * 39, "0" * 41, "g" * 40, "A" * 40, "0" * 40, " " + "0" * 39],
)
def test_malformed_or_unknown_tokens_are_invalid(core: Core, token: str) -> None:
    register(core)
    with pytest.raises(InvalidToken):
        authenticate(core, token, "john.doe")


def test_the_email_may_stand_for_the_username(core: Core) -> None:
    issued = register(core)
    assert authenticate(core, issued.token, "John.Doe@Example.com").id == issued.user.id


def test_a_token_presented_with_another_users_name_does_not_match(core: Core) -> None:
    john = register(core)
    register(core, email="jane@example.com", phone="+1987654321")
    with pytest.raises(TokenMismatch) as refused:
        authenticate(core, john.token, "jane")
    assert refused.value.message == "token does not match user"


def test_a_disabled_account_cannot_use_its_token(core: Core) -> None:
    issued = register(core)
    accounts.set_active(core.uow(), core.clock, issued.user.id, False)
    with pytest.raises(AccountDisabled):
        authenticate(core, issued.token, "john.doe")


def test_logging_out_revokes_the_token(core: Core, store: MemoryStore) -> None:
    issued = register(core)
    opaque_tokens.revoke(core.uow(), issued.user.id)
    assert store.tables["api_tokens"] == {}
    with pytest.raises(InvalidToken):
        authenticate(core, issued.token, "john.doe")


def test_logging_out_twice_is_harmless(core: Core) -> None:
    issued = register(core)
    opaque_tokens.revoke(core.uow(), issued.user.id)
    opaque_tokens.revoke(core.uow(), issued.user.id)
    assert log_in(core, "john.doe").user.id == issued.user.id
