"""Who is calling, checked by hand as eventcore checks it: a JWT access token
(adapters/security/jwt_codec.py, usecases/tokens.py) or an Eventify opaque token
looked up by its SHA-256 (usecases/opaque_tokens.py, usecases/token_digest.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime

import jwt
from attrs import frozen
from sqlalchemy import Connection, text

# The claims, issuer and clock leeway of eventcore's tokens.
_REQUIRED_CLAIMS = ["exp", "iat", "sub", "jti", "typ", "aud"]
_ISSUER = "eventcore"
_ISSUED_AT_LEEWAY_SECONDS = 30
_MAX_ID = 2**31 - 1
_API_TOKEN = re.compile(r"^[0-9a-f]{40}$")
_STAFF = ("moderator", "admin")

_USER = text("SELECT id, role, is_active FROM users WHERE id = :user_id")
_USER_OF_LOGIN = text(
    "SELECT id, role, is_active, EXISTS (SELECT 1 FROM refresh_tokens r"
    " WHERE r.family = :family AND r.user_id = users.id AND r.revoked_at IS NULL) AS login_on"
    " FROM users WHERE id = :user_id"
)
_HOLDER_OF_API_TOKEN = text(
    "SELECT u.id, u.role, u.is_active, u.username, u.email FROM api_tokens t"
    " JOIN users u ON u.id = t.user_id WHERE t.token_hash = :digest"
)


class Refused(Exception):
    """The caller is not let in; `status` and `body` are the answer."""

    def __init__(self, status: int, body: dict[str, str]) -> None:
        super().__init__(body)
        self.status = status
        self.body = body


@frozen
class Caller:
    id: int
    is_staff: bool


def bearer_caller(
    connection: Connection,
    authorization: str,
    secret: str,
    audience: Callable[[], str],
) -> Caller:
    """The active user an `Authorization: Bearer` access token speaks for, while its
    login is on. Raises Refused."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, {"detail": "Authentication credentials were not provided."})
    claims = _access_claims(token.strip(), secret, audience())
    user_id, login = _subject(claims.get("sub")), claims.get("sid")
    if login is None:
        row = connection.execute(_USER, {"user_id": user_id}).first()
    elif isinstance(login, str) and login:
        row = connection.execute(_USER_OF_LOGIN, {"user_id": user_id, "family": login}).first()
        if row is not None and not row.login_on:
            raise Refused(401, {"detail": "This login has ended; log in again."})
    else:
        raise Refused(401, {"detail": "Invalid token."})
    if row is None:
        raise Refused(401, {"detail": "Invalid token."})
    if not row.is_active:
        raise Refused(403, {"detail": "This account is disabled."})
    return Caller(row.id, row.role in _STAFF)


def _access_claims(token: str, secret: str, audience: str) -> dict[str, object]:
    invalid = Refused(401, {"detail": "Invalid or expired token."})
    try:
        claims: dict[str, object] = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=_ISSUER,
            audience=audience,
            options={"require": _REQUIRED_CLAIMS, "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError:
        raise invalid from None
    now = datetime.now(UTC).timestamp()
    expires, issued = claims["exp"], claims["iat"]
    if (
        claims["typ"] != "access"
        or not isinstance(expires, int | float)
        or expires <= now
        or not isinstance(issued, int | float)
        or issued > now + _ISSUED_AT_LEEWAY_SECONDS
    ):
        raise invalid
    return claims


def _subject(sub: object) -> int:
    """The user id of `sub`, written as eventcore writes ids (digits, no leading zero)."""
    text_id = sub if isinstance(sub, str) else ""
    if not (text_id.isascii() and text_id.isdigit()) or text_id.startswith("0"):
        raise Refused(401, {"detail": "Invalid token."})
    if len(text_id) > 10 or int(text_id) > _MAX_ID:
        raise Refused(401, {"detail": "Invalid token."})
    return int(text_id)


def eventify_caller(connection: Connection, token: object, username: object) -> Caller:
    """The active user holding the Eventify `token`, who must be the one `username`
    names (their username, or their email in any case). Raises Refused."""
    if not (isinstance(token, str) and token.strip()) or not (
        isinstance(username, str) and username.strip()
    ):
        raise Refused(400, {"status": "error", "message": "token and username required"})
    token, username = token.strip(), username.strip()
    if not _API_TOKEN.match(token):
        raise Refused(401, {"status": "invalid_token"})
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = connection.execute(_HOLDER_OF_API_TOKEN, {"digest": digest}).first()
    if row is None:
        raise Refused(401, {"status": "invalid_token"})
    if username != row.username and username.lower() != row.email.lower():
        raise Refused(401, {"status": "error", "message": "token does not match user"})
    if not row.is_active:
        raise Refused(403, {"status": "error", "message": "This account is disabled."})
    return Caller(row.id, row.role in _STAFF)
