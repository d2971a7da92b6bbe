"""Server-side sessions, for the APIs that keep their clients signed in with a cookie:
open one for a user, resolve a presented token to its user, end one (logout).

The token is random and shown once; the server keeps only its digest
(usecases/token_digest.py). A session lasts SESSION_LIFETIME, and a user may
hold many at once (one per browser).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from attrs import frozen

from eventcore.domain.errors import AccountDisabled, Unauthenticated
from eventcore.domain.ids import UserId
from eventcore.domain.sessions import Session, new_session
from eventcore.domain.users import User
from eventcore.ports.clock import Clock
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.token_digest import digest

TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


class InvalidSession(Unauthenticated):
    """No session, or one that is unknown, ended or expired."""

    code = "invalid_session"


NO_SESSION = "Sign in first: this request carries no valid session."


@frozen
class OpenedSession:
    """A user and the token of the session just opened for them (shown once, never stored)."""

    user: User
    token: str
    session: Session


def open_session(uow: UnitOfWork, user: User, now: datetime) -> OpenedSession:
    """A new session for `user`, inside the caller's open unit of work."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session = new_session(digest(token), user.id, now)
    uow.sessions.add(session)
    return OpenedSession(user, token, session)


def start_session(uow: UnitOfWork, clock: Clock, user_id: UserId) -> OpenedSession:
    """Open a session for the user. Raises InvalidSession when there is no such user."""
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise InvalidSession(NO_SESSION)
        opened = open_session(uow, user, clock.now())
        uow.commit()
        return opened


def resolve_session(uow: UnitOfWork, clock: Clock, token: str | None) -> User:
    """The active user whose unexpired session `token` opens.

    Raises InvalidSession (no token, or an unknown, ended or expired one) or
    AccountDisabled.
    """
    return resolve_session_until(uow, clock, token)[0]


def resolve_session_until(
    uow: UnitOfWork, clock: Clock, token: str | None
) -> tuple[User, datetime]:
    """Like `resolve_session`, with the moment the session expires (for a socket that
    stays open only as long as its session)."""
    if not token or not TOKEN_PATTERN.match(token):
        raise InvalidSession(NO_SESSION)
    with uow.reading():
        session = uow.sessions.get(digest(token))
        if session is None or not session.usable(clock.now()):
            raise InvalidSession(NO_SESSION)
        user = uow.users.get(session.user_id)
    if user is None:
        raise InvalidSession(NO_SESSION)
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    return user, session.expires_at


def end_session(uow: UnitOfWork, token: str | None) -> None:
    """Forget the session `token` opens, so it is refused from now on. An unknown or
    missing token changes nothing."""
    if not token or not TOKEN_PATTERN.match(token):
        return
    with uow:
        uow.sessions.delete(digest(token))
        uow.commit()
