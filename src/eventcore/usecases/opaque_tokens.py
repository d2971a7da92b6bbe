"""Opaque API tokens (for clients that send a token in the request body): sign up or log
in for one, authenticate it, revoke it.

A token is 40 hexadecimal characters, one per user; the server keeps only its
digest (usecases/token_digest.py). Issuing a token replaces the user's previous one.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from attrs import frozen

from eventcore.domain.credentials import ApiToken
from eventcore.domain.errors import AccountDisabled, InvalidToken, TokenMismatch
from eventcore.domain.ids import UserId
from eventcore.domain.users import Registration, User
from eventcore.ports.clock import Clock
from eventcore.ports.security import PasswordHasher
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import add_self_registered, verify_password
from eventcore.usecases.token_digest import digest

TOKEN_BYTES = 20  # 40 hexadecimal characters
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{40}$")


@frozen
class IssuedApiToken:
    """A user and the plain token just issued to them (shown once, never stored)."""

    user: User
    token: str


def issue_api_token(uow: UnitOfWork, user_id: UserId, now: datetime) -> str:
    """A fresh token for the user, replacing theirs, inside the caller's open unit of work."""
    token = secrets.token_hex(TOKEN_BYTES)
    uow.api_tokens.save(ApiToken(token_hash=digest(token), user_id=user_id, created_at=now))
    return token


def sign_up(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, registration: Registration
) -> IssuedApiToken:
    """Create an ordinary user and issue them a token.

    Raises InvalidValue, Forbidden (a role other than user), or AlreadyTaken naming
    every one of username, email and phone that another user already has.
    """
    with uow:
        user = add_self_registered(uow, clock, hasher, registration)
        token = issue_api_token(uow, user.id, clock.now())
        uow.commit()
        return IssuedApiToken(user, token)


def log_in(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, *, login: str, password: str
) -> IssuedApiToken:
    """Password login by username or email, answered with a new token (the old one stops
    working). Raises InvalidValue, InvalidCredentials or AccountDisabled."""
    with uow:
        user = verify_password(uow, clock, hasher, login, password)
        token = issue_api_token(uow, user.id, clock.now())
        uow.commit()
        return IssuedApiToken(user, token)


def authenticate(uow: UnitOfWork, token: str, username: str) -> User:
    """The active user holding `token`, who must be the one `username` names (their
    username, or their email in any case).

    Raises InvalidToken for a malformed, unknown or revoked token, TokenMismatch when
    it belongs to someone else, AccountDisabled for a disabled account.
    """
    if not TOKEN_PATTERN.match(token):
        raise InvalidToken("Invalid token.")
    with uow.reading():
        user = uow.users.holding_api_token(digest(token))
    if user is None:
        raise InvalidToken("Invalid token.")
    if username != user.username and username.lower() != user.email.lower():
        raise TokenMismatch("token does not match user", field="username")
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    return user


def revoke(uow: UnitOfWork, user_id: UserId) -> None:
    """Forget the user's token, so it is refused from now on (logout)."""
    with uow:
        uow.api_tokens.delete_for_user(user_id)
        uow.commit()
