"""Server-side sessions: what a session cookie stands for.

The cookie carries a random token; the server keeps only its digest, so a
leaked table opens no session. A user may hold many sessions (one per browser).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import define

from eventcore.domain.ids import UserId

SESSION_LIFETIME = timedelta(days=30)


@define(kw_only=True)
class Session:
    token_hash: str
    user_id: UserId
    created_at: datetime
    expires_at: datetime

    def usable(self, now: datetime) -> bool:
        return now < self.expires_at


def new_session(token_hash: str, user_id: UserId, now: datetime) -> Session:
    return Session(
        token_hash=token_hash, user_id=user_id, created_at=now, expires_at=now + SESSION_LIFETIME
    )


# How long a browser may take between leaving for Google's consent page and coming back.
LOGIN_ATTEMPT_LIFETIME = timedelta(minutes=10)


@define(kw_only=True)
class LoginAttempt:
    """A Google sign-in begun and not yet finished (the authorization-code flow).

    `state_hash` is the digest of the `state` sent to Google, and the attempt's key;
    `binding_hash` the digest of the cookie that ties it to the browser that began it,
    so a `state` handed to another browser opens nothing. `nonce` must come back in
    the ID token; `code_verifier` proves to Google that the code is ours (PKCE).
    """

    state_hash: str
    binding_hash: str
    nonce: str
    code_verifier: str
    created_at: datetime

    def usable(self, now: datetime) -> bool:
        return now < self.created_at + LOGIN_ATTEMPT_LIFETIME
