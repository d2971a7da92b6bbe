"""JWT access and refresh tokens: authenticate, rotate, detect replays, expire, log out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.credentials import TokenPair
from eventcore.domain.errors import AccountDisabled, Unauthenticated
from eventcore.domain.users import Registration, User
from eventcore.usecases import accounts, tokens
from strategies import PASSWORD

Tables = dict[str, dict[Any, Any]]


def log_in(core: Core, user: User) -> TokenPair:
    return tokens.log_in(
        core.uow(), core.clock, core.hasher, core.tokens, login=user.username, password=PASSWORD
    ).tokens


def authenticate(core: Core, access: str) -> User:
    return tokens.authenticate(core.uow(), core.clock, core.tokens, access)


def refresh(core: Core, token: str) -> TokenPair:
    return tokens.refresh_tokens(core.uow(), core.clock, core.tokens, token)


def log_out(core: Core, user: User, token: str) -> None:
    tokens.log_out(core.uow(), core.clock, core.tokens, user.id, token)


@pytest.fixture
def pair(core: Core, ada: User) -> TokenPair:
    return log_in(core, ada)


def test_access_token_speaks_for_its_user(core: Core, ada: User, pair: TokenPair) -> None:
    assert authenticate(core, pair.access).id == ada.id


@pytest.mark.parametrize("garbage", ["", "not.a.jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"])
def test_garbage_is_not_a_token(core: Core, garbage: str) -> None:
    with pytest.raises(Unauthenticated):
        authenticate(core, garbage)
    with pytest.raises(Unauthenticated):
        refresh(core, garbage)


def test_token_signed_by_another_core_is_refused(core: Core, ada: User, clock: FixedClock) -> None:
    stranger = memory_core(clock=clock)
    accounts.create_user(
        stranger.uow(),
        stranger.clock,
        stranger.hasher,
        Registration(email="ada@example.org", password=PASSWORD, username="ada"),
    )
    with pytest.raises(Unauthenticated):
        authenticate(core, log_in(stranger, ada).access)


def test_token_of_another_core_with_the_same_secret_is_refused(
    core: Core, ada: User, clock: FixedClock
) -> None:
    """Each memory core is a deployment of its own: the secret alone does not let in."""
    twin = memory_core(clock=clock, settings=core.settings)
    accounts.create_user(
        twin.uow(),
        twin.clock,
        twin.hasher,
        Registration(email="ada@example.org", password=PASSWORD, username="ada"),
    )
    pair = log_in(twin, ada)
    with pytest.raises(Unauthenticated):
        authenticate(core, pair.access)
    with pytest.raises(Unauthenticated):
        refresh(core, pair.refresh)
    assert authenticate(twin, pair.access).id == ada.id


def test_refresh_token_is_not_an_access_token(core: Core, pair: TokenPair) -> None:
    with pytest.raises(Unauthenticated):
        authenticate(core, pair.refresh)


def test_access_token_is_not_a_refresh_token(core: Core, pair: TokenPair) -> None:
    with pytest.raises(Unauthenticated):
        refresh(core, pair.access)


def test_refresh_gives_a_new_working_pair(core: Core, ada: User, pair: TokenPair) -> None:
    rotated = refresh(core, pair.refresh)
    assert rotated.refresh != pair.refresh
    assert rotated.access != pair.access
    assert authenticate(core, rotated.access).id == ada.id
    assert refresh(core, rotated.refresh).refresh != rotated.refresh


def test_used_refresh_token_is_refused_afterwards(core: Core, pair: TokenPair) -> None:
    refresh(core, pair.refresh)
    with pytest.raises(Unauthenticated) as caught:
        refresh(core, pair.refresh)
    assert caught.value.field == "refresh"


def test_replaying_a_used_refresh_token_revokes_the_newest_one_too(
    core: Core, pair: TokenPair
) -> None:
    second = refresh(core, pair.refresh)
    third = refresh(core, second.refresh)
    with pytest.raises(Unauthenticated):
        refresh(core, pair.refresh)
    with pytest.raises(Unauthenticated):
        refresh(core, third.refresh)


def test_replay_revocation_is_remembered_for_the_whole_family(
    core: Core, pair: TokenPair, snapshot: Callable[[], Tables], clock: FixedClock
) -> None:
    refresh(core, pair.refresh)
    clock.advance(timedelta(minutes=5))
    with pytest.raises(Unauthenticated):
        refresh(core, pair.refresh)
    stored = list(snapshot()["refresh_tokens"].values())
    assert len(stored) == 2
    assert all(token.revoked_at == clock.now() for token in stored)


def test_replay_in_one_login_leaves_another_login_alone(
    core: Core, ada: User, pair: TokenPair
) -> None:
    other_device = log_in(core, ada)
    refresh(core, pair.refresh)
    with pytest.raises(Unauthenticated):
        refresh(core, pair.refresh)
    assert authenticate(core, refresh(core, other_device.refresh).access).id == ada.id


def test_replaying_a_used_refresh_token_ends_the_access_tokens_of_that_login(
    core: Core, ada: User, pair: TokenPair
) -> None:
    other_device = log_in(core, ada)
    rotated = refresh(core, pair.refresh)
    assert authenticate(core, rotated.access).id == ada.id

    with pytest.raises(Unauthenticated):
        refresh(core, pair.refresh)

    for access in (pair.access, rotated.access):
        with pytest.raises(Unauthenticated, match="login has ended"):
            authenticate(core, access)
    assert authenticate(core, other_device.access).id == ada.id


def test_log_out_ends_the_access_tokens_of_that_login_only(
    core: Core, ada: User, pair: TokenPair
) -> None:
    other_device = log_in(core, ada)
    log_out(core, ada, pair.refresh)
    with pytest.raises(Unauthenticated, match="login has ended"):
        authenticate(core, pair.access)
    assert authenticate(core, other_device.access).id == ada.id


def test_an_access_token_issued_alone_belongs_to_no_login(core: Core, ada: User) -> None:
    access = tokens.log_in_for_access_token(
        core.uow(), core.clock, core.hasher, core.tokens, email=ada.email, password=PASSWORD
    )
    log_out(core, ada, log_in(core, ada).refresh)
    assert authenticate(core, access).id == ada.id


def test_access_token_lasts_one_hour(
    core: Core, clock: FixedClock, ada: User, pair: TokenPair
) -> None:
    clock.advance(timedelta(minutes=59, seconds=59))
    assert authenticate(core, pair.access).id == ada.id
    clock.advance(timedelta(seconds=1))
    with pytest.raises(Unauthenticated):
        authenticate(core, pair.access)


def test_refresh_token_lasts_seven_days(core: Core, clock: FixedClock, ada: User) -> None:
    first, second = log_in(core, ada), log_in(core, ada)
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert authenticate(core, refresh(core, first.refresh).access).id == ada.id
    clock.advance(timedelta(seconds=1))
    with pytest.raises(Unauthenticated):
        refresh(core, second.refresh)


def test_rotated_refresh_token_gets_a_fresh_seven_days(
    core: Core, clock: FixedClock, pair: TokenPair
) -> None:
    clock.advance(timedelta(days=6))
    rotated = refresh(core, pair.refresh)
    clock.advance(timedelta(days=6))
    refresh(core, rotated.refresh)


def test_log_out_revokes_the_refresh_token_and_its_rotations(
    core: Core, ada: User, pair: TokenPair
) -> None:
    rotated = refresh(core, pair.refresh)
    log_out(core, ada, rotated.refresh)
    with pytest.raises(Unauthenticated):
        refresh(core, rotated.refresh)


def test_log_out_with_an_older_token_of_the_family_also_revokes_the_newest(
    core: Core, ada: User, pair: TokenPair
) -> None:
    rotated = refresh(core, pair.refresh)
    log_out(core, ada, pair.refresh)
    with pytest.raises(Unauthenticated):
        refresh(core, rotated.refresh)


def test_logging_out_someone_elses_token_is_refused_and_changes_nothing(
    core: Core, ada: User, bob: User, pair: TokenPair, snapshot: Callable[[], Tables]
) -> None:
    before = snapshot()
    with pytest.raises(Unauthenticated) as caught:
        log_out(core, bob, pair.refresh)
    assert caught.value.field == "refresh"
    assert snapshot() == before
    assert authenticate(core, refresh(core, pair.refresh).access).id == ada.id


def test_log_out_with_an_access_token_is_refused(core: Core, ada: User, pair: TokenPair) -> None:
    with pytest.raises(Unauthenticated):
        log_out(core, ada, pair.access)


def test_disabled_user_is_refused_by_authenticate_and_refresh(
    core: Core, ada: User, pair: TokenPair
) -> None:
    accounts.set_active(core.uow(), core.clock, ada.id, False)
    with pytest.raises(AccountDisabled):
        authenticate(core, pair.access)
    with pytest.raises(AccountDisabled):
        refresh(core, pair.refresh)
