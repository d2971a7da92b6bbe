"""JWT access and refresh tokens: sign up or log in for a pair, rotate the refresh token on
use, revoke it on logout, authenticate an access token.

The tokens of one login (one sign-up, log-in or Google sign-in, and every refresh that
follows) share a family. Its access tokens name it in their `sid` claim, and stop
working as soon as the login ends: on logout, or when a used refresh token of the
family is presented again. Checking it costs no statement beyond the user's read.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from attrs import frozen

from eventcore.domain.credentials import (
    ACCESS_TOKEN_LIFETIME,
    REFRESH_TOKEN_LIFETIME,
    RefreshToken,
    TokenPair,
)
from eventcore.domain.errors import AccountDisabled, Unauthenticated
from eventcore.domain.ids import MAX_ID, UserId
from eventcore.domain.users import Registration, User
from eventcore.ports.clock import Clock
from eventcore.ports.security import PasswordHasher, TokenCodec
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import add_self_registered, verify_password
from eventcore.usecases.token_digest import digest

ACCESS = "access"
REFRESH = "refresh"
# The claim of an access token naming its login (refresh-token family).
LOGIN = "sid"


@frozen
class SignedIn:
    user: User
    tokens: TokenPair


def sign_up(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    codec: TokenCodec,
    registration: Registration,
) -> SignedIn:
    """Register an ordinary user and sign them in with a token pair.

    Raises InvalidValue, AlreadyTaken, or Forbidden when the registration asks for a
    role: only an admin (or the command line) grants one.
    """
    with uow:
        user = add_self_registered(uow, clock, hasher, registration)
        tokens = issue_pair(uow, codec, user.id, clock.now())
        uow.commit()
        return SignedIn(user, tokens)


def log_in(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    codec: TokenCodec,
    *,
    login: str,
    password: str,
) -> SignedIn:
    """Password login by username or email, answered with a token pair.

    Raises InvalidValue, InvalidCredentials (UnknownLogin, WrongPassword), AccountDisabled.
    """
    with uow:
        user = verify_password(uow, clock, hasher, login, password)
        tokens = issue_pair(uow, codec, user.id, clock.now())
        uow.commit()
        return SignedIn(user, tokens)


def log_in_for_access_token(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    codec: TokenCodec,
    *,
    email: str,
    password: str,
) -> str:
    """Password login by email, answered with an access token alone, for clients that
    know no refresh token.

    Raises InvalidValue, UnknownLogin, WrongPassword, AccountDisabled.
    """
    with uow:
        user = verify_password(uow, clock, hasher, email, password, by_email_only=True)
        token = issue_access_token(codec, user.id, clock.now())
        uow.commit()
        return token


def issue_pair(
    uow: UnitOfWork, codec: TokenCodec, user_id: UserId, now: datetime, family: str | None = None
) -> TokenPair:
    """Mint an access token and a remembered refresh token, inside an open unit of work."""
    token_id = secrets.token_urlsafe(24)
    family = family or secrets.token_urlsafe(16)
    expires_at = now + REFRESH_TOKEN_LIFETIME
    uow.refresh_tokens.add(
        RefreshToken(
            token_hash=digest(token_id),
            user_id=user_id,
            family=family,
            issued_at=now,
            expires_at=expires_at,
        )
    )
    access = issue_access_token(codec, user_id, now, login=family)
    refresh = codec.encode(
        {"sub": str(user_id), "jti": token_id},
        kind=REFRESH,
        issued_at=now,
        expires_at=expires_at,
    )
    return TokenPair(access=access, refresh=refresh)


def issue_access_token(
    codec: TokenCodec, user_id: UserId, now: datetime, *, login: str | None = None
) -> str:
    """An access token (1 h); alone for APIs whose clients know no refresh token, else
    with the `login` (refresh-token family) it belongs to, so that it ends with it."""
    claims = {"sub": str(user_id), "jti": secrets.token_urlsafe(16)}
    if login is not None:
        claims[LOGIN] = login
    return codec.encode(
        claims,
        kind=ACCESS,
        issued_at=now,
        expires_at=now + ACCESS_TOKEN_LIFETIME,
    )


def _stored_refresh(
    uow: UnitOfWork, codec: TokenCodec, refresh: str, now: datetime
) -> RefreshToken:
    claims = codec.decode(refresh, kind=REFRESH, now=now)
    stored = uow.refresh_tokens.get(digest(str(claims["jti"])))
    if stored is None:
        raise Unauthenticated("Invalid or expired refresh token.", field="refresh")
    return stored


def refresh_tokens(uow: UnitOfWork, clock: Clock, codec: TokenCodec, refresh: str) -> TokenPair:
    """Trade a refresh token for a new pair; the old one stops working.

    Raises Unauthenticated for an expired, revoked or already used token; a
    replayed token also ends its login: every refresh token of it is revoked, and
    its access tokens are refused from then on.
    """
    now = clock.now()
    with uow:
        stored = _stored_refresh(uow, codec, refresh, now)
        if stored.used_at is not None and stored.revoked_at is None:
            uow.refresh_tokens.revoke_family(stored.family, now)
            uow.commit()
            raise Unauthenticated("Refresh token was already used.", field="refresh")
        if not stored.usable(now):
            raise Unauthenticated("Invalid or expired refresh token.", field="refresh")
        user = uow.users.get(stored.user_id)
        if user is None or not user.is_active:
            raise AccountDisabled("This account is disabled.")
        stored.used_at = now
        uow.refresh_tokens.save(stored)
        pair = issue_pair(uow, codec, user.id, now, family=stored.family)
        uow.commit()
        return pair


def _subject(sub: object) -> UserId:
    """The user id a token's `sub` names: the digits of an id we issued, written as we
    write them (no sign, blanks or leading zeros), else Unauthenticated."""
    text = sub if isinstance(sub, str) else ""
    if not (text.isascii() and text.isdigit()) or text.startswith("0") or len(text) > 10:
        raise Unauthenticated("Invalid token.")
    user_id = int(text)
    if user_id > MAX_ID:
        raise Unauthenticated("Invalid token.")
    return UserId(user_id)


def log_out(
    uow: UnitOfWork, clock: Clock, codec: TokenCodec, actor_id: UserId, refresh: str
) -> None:
    """End the login: revoke the refresh token and its rotations; the login's access
    tokens stop working too.

    Raises Unauthenticated when the token is invalid or not the actor's.
    """
    now = clock.now()
    with uow:
        stored = _stored_refresh(uow, codec, refresh, now)
        if stored.user_id != actor_id:
            raise Unauthenticated("This refresh token does not belong to you.", field="refresh")
        uow.refresh_tokens.revoke_family(stored.family, now)
        uow.commit()


def _login(sid: object) -> str | None:
    """The login an access token names, if any (tokens issued alone name none)."""
    if sid is None:
        return None
    if not isinstance(sid, str) or not sid:
        raise Unauthenticated("Invalid token.")
    return sid


def authenticate(uow: UnitOfWork, clock: Clock, codec: TokenCodec, access: str) -> User:
    """The active user an access token speaks for, while its login is on.

    Raises Unauthenticated (also once the login ended), AccountDisabled.
    """
    claims = codec.decode(access, kind=ACCESS, now=clock.now())
    user_id = _subject(claims["sub"])
    login = _login(claims.get(LOGIN))
    with uow.reading():
        if login is None:
            user = uow.users.get(user_id)
        else:
            found = uow.users.get_with_login(user_id, login)
            if found is not None and not found.login_on:
                raise Unauthenticated("This login has ended; log in again.")
            user = None if found is None else found.user
    if user is None:
        raise Unauthenticated("Invalid token.")
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    return user
