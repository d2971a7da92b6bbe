"""Signing in with Google and server-side sessions, on the memory core."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.identity import StaticGoogleVerifier
from eventcore.bootstrap import Core
from eventcore.domain.errors import AccountDisabled
from eventcore.domain.identity import (
    GoogleAccountRefused,
    GoogleIdentity,
    GoogleLoginUnavailable,
    MalformedIdentityToken,
    UntrustedIdentityToken,
)
from eventcore.domain.sessions import SESSION_LIFETIME
from eventcore.domain.users import User
from eventcore.usecases import accounts
from eventcore.usecases.google_sign_in import sign_in_with_google
from eventcore.usecases.sessions import (
    InvalidSession,
    end_session,
    resolve_session,
    start_session,
)
from eventcore.usecases.token_digest import digest

Tables = dict[str, dict[object, object]]
ADA = GoogleIdentity(
    subject="1001",
    email="ada@example.org",
    email_verified=True,
    name="Ada Lovelace",
    picture="https://example.org/ada.png",
)


@pytest.fixture
def google(core: Core) -> StaticGoogleVerifier:
    assert isinstance(core.google, StaticGoogleVerifier)
    return core.google


def sign_in(core: Core, google: StaticGoogleVerifier, identity: GoogleIdentity) -> User:
    opened = sign_in_with_google(core.uow(), core.clock, core.google, google.issue(identity))
    return opened.user


def test_a_first_sign_in_makes_an_account_from_the_token(
    core: Core, google: StaticGoogleVerifier
) -> None:
    user = sign_in(core, google, ADA)
    assert user.email == "ada@example.org"
    assert user.display_name == "Ada Lovelace"
    assert user.avatar == "https://example.org/ada.png"
    assert user.username == "ada"
    assert user.last_login == core.clock.now()
    with core.uow() as uow:
        credentials = uow.credentials.get(user.id)
    assert credentials is not None
    assert credentials.google_subject == "1001"
    assert credentials.password_hash is None


def test_the_same_subject_is_always_the_same_user_whatever_its_email(
    core: Core, google: StaticGoogleVerifier
) -> None:
    first = sign_in(core, google, ADA)
    again = sign_in(core, google, GoogleIdentity(subject="1001", email="new@example.org"))
    assert again.id == first.id
    assert again.email == "ada@example.org"


def test_a_verified_email_links_the_existing_account(
    core: Core, google: StaticGoogleVerifier, make_user: Callable[..., User]
) -> None:
    ada = make_user("ada")
    linked = sign_in(core, google, ADA)
    assert linked.id == ada.id
    with core.uow() as uow:
        credentials = uow.credentials.get(ada.id)
        assert uow.users.count() == 1
    assert credentials is not None
    assert credentials.google_subject == "1001"
    # The password still works alongside.
    assert credentials.password_hash


def test_an_unverified_email_never_signs_in_as_the_existing_user(
    core: Core,
    google: StaticGoogleVerifier,
    make_user: Callable[..., User],
    snapshot: Callable[[], Tables],
) -> None:
    make_user("ada")
    before = snapshot()
    with pytest.raises(GoogleAccountRefused):
        sign_in(core, google, GoogleIdentity(subject="666", email="ada@example.org"))
    assert snapshot() == before


def test_an_account_linked_to_another_google_account_is_not_taken_over(
    core: Core, google: StaticGoogleVerifier
) -> None:
    sign_in(core, google, ADA)
    with pytest.raises(GoogleAccountRefused):
        sign_in(core, google, GoogleIdentity(subject="2002", email=ADA.email, email_verified=True))


def test_a_token_without_email_makes_no_account(core: Core, google: StaticGoogleVerifier) -> None:
    with pytest.raises(GoogleAccountRefused):
        sign_in(core, google, GoogleIdentity(subject="3003"))


def test_a_disabled_account_cannot_sign_in(core: Core, google: StaticGoogleVerifier) -> None:
    user = sign_in(core, google, ADA)
    accounts.set_active(core.uow(), core.clock, user.id, False)
    with pytest.raises(AccountDisabled):
        sign_in(core, google, ADA)


def test_refused_tokens_write_nothing(core: Core, snapshot: Callable[[], Tables]) -> None:
    before = snapshot()
    with pytest.raises(MalformedIdentityToken):
        sign_in_with_google(core.uow(), core.clock, core.google, "  ")
    with pytest.raises(UntrustedIdentityToken):
        sign_in_with_google(core.uow(), core.clock, core.google, "forged.token.here")
    unconfigured = StaticGoogleVerifier(configured=False)
    with pytest.raises(GoogleLoginUnavailable):
        sign_in_with_google(core.uow(), core.clock, unconfigured, "a.b.c")
    assert snapshot() == before


def test_a_session_stores_only_the_digest_and_resolves_to_its_user(
    core: Core, google: StaticGoogleVerifier
) -> None:
    opened = sign_in_with_google(core.uow(), core.clock, core.google, google.issue(ADA))
    with core.uow() as uow:
        stored = uow.sessions.get(digest(opened.token))
        assert uow.sessions.get(opened.token) is None
    assert stored is not None
    assert stored.expires_at == core.clock.now() + SESSION_LIFETIME
    assert resolve_session(core.uow(), core.clock, opened.token).id == opened.user.id


def test_a_user_holds_many_sessions_and_logout_ends_only_one(
    core: Core, google: StaticGoogleVerifier
) -> None:
    first = sign_in_with_google(core.uow(), core.clock, core.google, google.issue(ADA))
    second = start_session(core.uow(), core.clock, first.user.id)
    with core.uow() as uow:
        assert len(uow.sessions.for_user(first.user.id)) == 2
    end_session(core.uow(), first.token)
    with pytest.raises(InvalidSession):
        resolve_session(core.uow(), core.clock, first.token)
    assert resolve_session(core.uow(), core.clock, second.token).id == first.user.id


def test_a_session_expires_after_thirty_days(
    core: Core, clock: FixedClock, google: StaticGoogleVerifier
) -> None:
    opened = sign_in_with_google(core.uow(), core.clock, core.google, google.issue(ADA))
    clock.advance(SESSION_LIFETIME - timedelta(seconds=1))
    assert resolve_session(core.uow(), core.clock, opened.token).id == opened.user.id
    clock.advance(timedelta(seconds=1))
    with pytest.raises(InvalidSession):
        resolve_session(core.uow(), core.clock, opened.token)


@pytest.mark.parametrize("token", [None, "", "short", "x" * 43 + "!", "a" * 43])
def test_missing_malformed_or_unknown_session_tokens_are_refused(
    core: Core, token: str | None
) -> None:
    with pytest.raises(InvalidSession):
        resolve_session(core.uow(), core.clock, token)
