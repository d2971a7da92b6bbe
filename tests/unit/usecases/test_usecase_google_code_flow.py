"""The Google authorization-code flow on the memory core: a state is good once, for the
browser it was given to, for ten minutes; the ID token must carry the attempt's nonce;
a code is good once."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from eventcore.adapters.memory.identity import StaticGoogleAuthorization, StaticGoogleVerifier
from eventcore.bootstrap import memory_core
from eventcore.core import Core
from eventcore.domain.errors import InvalidValue
from eventcore.domain.identity import (
    GoogleCodeRefused,
    GoogleIdentity,
    GoogleLoginUnavailable,
    LoginStateRefused,
    UntrustedIdentityToken,
)
from eventcore.usecases.google_code_flow import (
    BegunLogin,
    begin_google_login,
    finish_google_login,
)
from support.clocks import FixedClock, fixed_clock

CALLBACK = "https://calendar.example/socialcalendar/login/callback"
ADA = GoogleIdentity(subject="g-ada", email="ada@example.org", email_verified=True, name="Ada")


@pytest.fixture
def clock() -> FixedClock:
    return fixed_clock()


@pytest.fixture
def core(clock: FixedClock) -> Core:
    return memory_core(clock=clock)


def _authorization(core: Core) -> StaticGoogleAuthorization:
    authorization = core.google_authorization
    assert isinstance(authorization, StaticGoogleAuthorization)
    return authorization


def _begin(core: Core, binding: str | None = None) -> BegunLogin:
    return begin_google_login(
        core.uow(), core.clock, core.google_authorization, redirect_uri=CALLBACK, binding=binding
    )


def _state(begun: BegunLogin) -> str:
    return parse_qs(urlsplit(begun.consent_url).query)["state"][0]


def _finish(
    core: Core,
    begun: BegunLogin,
    code: str,
    *,
    binding: str | None = None,
    state: str | None = None,
) -> str:
    opened = finish_google_login(
        core.uow(),
        core.clock,
        core.google_authorization,
        core.google,
        redirect_uri=CALLBACK,
        binding=begun.binding if binding is None else binding,
        state=_state(begun) if state is None else state,
        code=code,
    )
    return opened.token


def _users(core: Core) -> int:
    with core.uow() as uow:
        return uow.users.count()


def test_the_flow_signs_in_the_google_account(core: Core) -> None:
    begun = _begin(core)
    code = _authorization(core).consent(begun.consent_url, ADA)

    assert _finish(core, begun, code)
    assert _users(core) == 1
    # Signing in again reaches the same user.
    again = _begin(core, binding=begun.binding)
    assert again.binding == begun.binding
    assert _finish(core, again, _authorization(core).consent(again.consent_url, ADA))
    assert _users(core) == 1


def test_a_state_is_good_once(core: Core) -> None:
    begun = _begin(core)
    code = _authorization(core).consent(begun.consent_url, ADA)
    _finish(core, begun, code)

    with pytest.raises(LoginStateRefused):
        _finish(core, begun, code)


def test_a_state_given_to_another_browser_opens_nothing(core: Core) -> None:
    mine, theirs = _begin(core), _begin(core)
    code = _authorization(core).consent(mine.consent_url, ADA)

    with pytest.raises(LoginStateRefused):
        _finish(core, mine, code, binding=theirs.binding)
    assert _users(core) == 0


@pytest.mark.parametrize("state", ["", "not-a-state", "A" * 43])
def test_a_missing_or_unknown_state_opens_nothing(core: Core, state: str) -> None:
    begun = _begin(core)
    code = _authorization(core).consent(begun.consent_url, ADA)

    with pytest.raises(LoginStateRefused):
        _finish(core, begun, code, state=state)


def test_an_attempt_expires_after_ten_minutes(core: Core, clock: FixedClock) -> None:
    begun = _begin(core)
    code = _authorization(core).consent(begun.consent_url, ADA)
    clock.advance(timedelta(minutes=10, seconds=1))

    with pytest.raises(LoginStateRefused):
        _finish(core, begun, code)


def test_an_unknown_code_is_refused_and_uses_the_state_up(core: Core) -> None:
    begun = _begin(core)
    _authorization(core).consent(begun.consent_url, ADA)

    with pytest.raises(GoogleCodeRefused):
        _finish(core, begun, "code-made-up")
    with pytest.raises(LoginStateRefused):
        _finish(core, begun, "code-made-up")
    with pytest.raises(InvalidValue):
        _finish(core, _begin(core), " ")


def test_a_token_without_the_attempts_nonce_is_untrusted(core: Core) -> None:
    begun = _begin(core)
    _authorization(core).consent(begun.consent_url, ADA)
    verifier = core.google
    assert isinstance(verifier, StaticGoogleVerifier)

    class WrongNonce(StaticGoogleAuthorization):
        def exchange(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
            return verifier.issue(ADA)  # no nonce, as a token minted for another sign-in

    with pytest.raises(UntrustedIdentityToken):
        finish_google_login(
            core.uow(),
            core.clock,
            WrongNonce(verifier),
            verifier,
            redirect_uri=CALLBACK,
            binding=begun.binding,
            state=_state(begun),
            code="any",
        )
    assert _users(core) == 0


def test_without_configuration_the_flow_is_unavailable(clock: FixedClock) -> None:
    core = memory_core(
        clock=clock,
        google_authorization=StaticGoogleAuthorization(StaticGoogleVerifier(), configured=False),
    )
    with pytest.raises(GoogleLoginUnavailable):
        _begin(core)
