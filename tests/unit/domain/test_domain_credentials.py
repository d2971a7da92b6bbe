"""Refresh tokens as the server remembers them."""

from __future__ import annotations

from datetime import timedelta

from eventcore.domain.credentials import REFRESH_TOKEN_LIFETIME, RefreshToken
from eventcore.domain.ids import UserId
from strategies import T0


def fresh() -> RefreshToken:
    return RefreshToken(
        token_hash="h",
        user_id=UserId(1),
        family="f",
        issued_at=T0,
        expires_at=T0 + REFRESH_TOKEN_LIFETIME,
    )


def test_fresh_refresh_token_is_usable_until_just_before_it_expires() -> None:
    token = fresh()
    assert token.usable(T0)
    assert token.usable(token.expires_at - timedelta(microseconds=1))
    assert not token.usable(token.expires_at)


def test_used_refresh_token_is_not_usable() -> None:
    token = fresh()
    token.used_at = T0
    assert not token.usable(T0)


def test_revoked_refresh_token_is_not_usable() -> None:
    token = fresh()
    token.revoked_at = T0
    assert not token.usable(T0)
