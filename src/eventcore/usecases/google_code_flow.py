"""Signing in through Google's consent page: the authorization-code flow with state,
nonce and PKCE, for the APIs that send a browser there (socialcalendar).

`begin_google_login` keeps a LoginAttempt server-side, keyed by the digest of a
random `state` and tied to the browser by the digest of a binding token (a
cookie of the pre-login session), so the callback may land on any worker or host.
`finish_google_login` takes that attempt (once: a state is good for one
callback), exchanges the code with the attempt's PKCE verifier, checks the ID
token with the same verifier as every Google sign-in plus the attempt's nonce,
and opens a new session, as `sign_in_with_google` does.
"""

from __future__ import annotations

import hmac
import re
import secrets

from attrs import frozen

from eventcore.domain.errors import InvalidValue, Reason
from eventcore.domain.identity import LoginStateRefused, UntrustedIdentityToken
from eventcore.domain.sessions import LOGIN_ATTEMPT_LIFETIME, LoginAttempt
from eventcore.ports.clock import Clock
from eventcore.ports.identity import GoogleAuthorization, GoogleIdentityVerifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.google_sign_in import open_session_for
from eventcore.usecases.sessions import OpenedSession
from eventcore.usecases.token_digest import digest

SECRET_BYTES = 32
# secrets.token_urlsafe(32): the form of every state and binding token handed out.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")

NOT_BEGUN_HERE = "This sign-in was not begun in this browser, or it has expired; sign in again."
NONCE_MISMATCH = "Token is of unknown origin"


@frozen
class BegunLogin:
    """Where to send the browser, and the binding token its pre-login cookie keeps."""

    consent_url: str
    binding: str


def begin_google_login(
    uow: UnitOfWork,
    clock: Clock,
    authorization: GoogleAuthorization,
    *,
    redirect_uri: str,
    binding: str | None,
) -> BegunLogin:
    """Begin a sign-in for the browser holding `binding` (a new one when it has none
    or an ill-formed one), coming back to `redirect_uri`.

    Raises GoogleLoginUnavailable when the code flow is not configured.
    """
    binding = binding if binding and _SECRET.match(binding) else _secret()
    state, nonce, code_verifier = _secret(), _secret(), _secret()
    url = authorization.consent_url(
        redirect_uri=redirect_uri, state=state, nonce=nonce, code_verifier=code_verifier
    )
    now = clock.now()
    with uow:
        # Abandoned attempts go as new ones come, so the table stays small.
        uow.login_attempts.purge(now - LOGIN_ATTEMPT_LIFETIME)
        uow.login_attempts.add(
            LoginAttempt(
                state_hash=digest(state),
                binding_hash=digest(binding),
                nonce=nonce,
                code_verifier=code_verifier,
                created_at=now,
            )
        )
        uow.commit()
    return BegunLogin(url, binding)


def finish_google_login(
    uow: UnitOfWork,
    clock: Clock,
    authorization: GoogleAuthorization,
    verifier: GoogleIdentityVerifier,
    *,
    redirect_uri: str,
    binding: str | None,
    state: str,
    code: str,
) -> OpenedSession:
    """Finish the sign-in that `state` names, for the browser holding `binding`.

    Raises InvalidValue (no code), LoginStateRefused (a state this browser did not
    get, or an expired or answered one), GoogleCodeRefused, UntrustedIdentityToken
    (also for a token without the attempt's nonce), GoogleLoginUnavailable,
    GoogleAccountRefused or AccountDisabled. The attempt is used up either way.
    """
    if not code.strip():
        raise InvalidValue("code", Reason.BLANK)
    attempt = _take_attempt(uow, state)
    if (
        attempt is None
        or not attempt.usable(clock.now())
        or not binding
        or not hmac.compare_digest(attempt.binding_hash, digest(binding))
    ):
        raise LoginStateRefused(NOT_BEGUN_HERE, field="state")
    id_token = authorization.exchange(
        code=code, redirect_uri=redirect_uri, code_verifier=attempt.code_verifier
    )
    identity = verifier.verify(id_token)
    if not hmac.compare_digest(identity.nonce.encode(), attempt.nonce.encode()):
        raise UntrustedIdentityToken(NONCE_MISMATCH, field="token")
    return open_session_for(uow, clock, identity)


def _take_attempt(uow: UnitOfWork, state: str) -> LoginAttempt | None:
    if not _SECRET.match(state):
        return None
    with uow:
        attempt = uow.login_attempts.take(digest(state))
        uow.commit()
    return attempt


def _secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)
