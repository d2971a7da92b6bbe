"""What a user signs in with. Kept apart from User so a profile never carries a hash."""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import define, frozen

from eventcore.domain.ids import UserId
from eventcore.domain.users import User

ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
REFRESH_TOKEN_LIFETIME = timedelta(days=7)


@define(kw_only=True)
class Credentials:
    user_id: UserId
    password_hash: str | None = None
    google_subject: str | None = None


@define(kw_only=True)
class RefreshToken:
    """A refresh token as the server remembers it: by the hash of its id only.

    Tokens issued from one login share a `family`; presenting a token that was
    already used revokes the whole family, since only a thief would replay it.
    """

    token_hash: str
    user_id: UserId
    family: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


@frozen
class UserOfLogin:
    """A user, and whether one of their logins (a refresh-token family) is still on: it
    is while one of its refresh tokens is not revoked. Presenting a used refresh token
    again, or logging out, revokes them all, and ends the login."""

    user: User
    login_on: bool


@define(kw_only=True)
class ApiToken:
    """An opaque API token (Eventify's), remembered only by its hash; one per user."""

    token_hash: str
    user_id: UserId
    created_at: datetime


@frozen
class TokenPair:
    access: str
    refresh: str
