"""Opaque API tokens (the token-in-body APIs): register, log in, authenticate, log out.

A token is 40 hexadecimal characters, one per user. The server keeps only its
SHA-256: a high-entropy random string needs no slow hash, and a leaked table
holds nothing a client could present. Issuing a token replaces the user's
previous one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from attrs import frozen

from eventcore.domain.credentials import ApiToken
from eventcore.domain.errors import AccountDisabled, AlreadyTaken, InvalidToken, TokenMismatch
from eventcore.domain.ids import UserId
from eventcore.domain.phones import normalize_phone
from eventcore.domain.users import Role, User
from eventcore.ports.clock import Clock
from eventcore.ports.security import PasswordHasher
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import add_user, verify_password_login

TOKEN_BYTES = 20  # 40 hexadecimal characters
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{40}$")


@frozen
class IssuedApiToken:
    """A user and the plain token just issued to them (shown once, never stored)."""

    user: User
    token: str


def token_digest(token: str) -> str:
    """What the server keeps of a token: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(uow: UnitOfWork, user_id: UserId, now: datetime) -> str:
    """A fresh token for the user, replacing theirs, inside the caller's open unit of work."""
    token = secrets.token_hex(TOKEN_BYTES)
    uow.api_tokens.save(ApiToken(token_hash=token_digest(token), user_id=user_id, created_at=now))
    return token


def register_with_api_token(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    email: str,
    phone: str,
    password: str,
) -> IssuedApiToken:
    """Create an ordinary user, with a username derived from the email, and issue a token.

    Raises InvalidValue, or AlreadyTaken naming every one of email and phone that
    another user already has.
    """
    phone = normalize_phone(phone)
    with uow:
        clashes = {}
        if uow.users.find_by_email(email.strip()) is not None:
            clashes["email"] = "A user with that email already exists."
        if uow.users.find_by_phone(phone) is not None:
            clashes["phone"] = "A user with that phone number already exists."
        if clashes:
            raise AlreadyTaken(clashes)
        user = add_user(
            uow,
            clock,
            hasher,
            email=email,
            password=password,
            username=None,
            role=Role.USER,
            phone=phone,
        )
        token = issue_api_token(uow, user.id, clock.now())
        uow.commit()
        return IssuedApiToken(user, token)


def log_in_with_api_token(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, *, login: str, password: str
) -> IssuedApiToken:
    """Password login by username or email, answered with a new token (the old one stops
    working). Raises InvalidCredentials or AccountDisabled."""
    with uow:
        user = verify_password_login(uow, clock, hasher, login, password)
        token = issue_api_token(uow, user.id, clock.now())
        uow.commit()
        return IssuedApiToken(user, token)


def authenticate_api_token(uow: UnitOfWork, token: str, username: str) -> User:
    """The active user holding `token`, who must be the one `username` names (their
    username, or their email in any case).

    Raises InvalidToken for a malformed, unknown or revoked token, TokenMismatch when
    it belongs to someone else, AccountDisabled for a disabled account.
    """
    if not TOKEN_PATTERN.match(token):
        raise InvalidToken("Invalid token.")
    with uow:
        stored = uow.api_tokens.get(token_digest(token))
        user = uow.users.get(stored.user_id) if stored is not None else None
    if user is None:
        raise InvalidToken("Invalid token.")
    if username != user.username and username.lower() != user.email.lower():
        raise TokenMismatch("token does not match user", field="username")
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    return user


def revoke_api_token(uow: UnitOfWork, user_id: UserId) -> None:
    """Forget the user's token, so it is refused from now on (logout)."""
    with uow:
        uow.api_tokens.delete_for_user(user_id)
        uow.commit()
