"""A stand-in for Google's ID-token check, for the memory core: tests, demos, notebooks.

`issue(identity)` hands out a token that `verify` will accept for that identity;
any other non-empty token is refused as untrusted, as a forged one would be.
"""

from __future__ import annotations

import secrets

from eventcore.domain.identity import (
    GoogleIdentity,
    GoogleLoginUnavailable,
    MalformedIdentityToken,
    UntrustedIdentityToken,
)

INVALID = "Invalid token."
UNKNOWN_ORIGIN = "Token is of unknown origin"
NOT_CONFIGURED = "Google login is not configured on this server."


class StaticGoogleVerifier:
    def __init__(self, *, configured: bool = True) -> None:
        self._issued: dict[str, GoogleIdentity] = {}
        self._configured = configured

    def issue(self, identity: GoogleIdentity) -> str:
        """A token that stands for `identity` from now on."""
        token = f"standin.{secrets.token_urlsafe(24)}.token"
        self._issued[token] = identity
        return token

    def verify(self, token: str) -> GoogleIdentity:
        if not self._configured:
            raise GoogleLoginUnavailable(NOT_CONFIGURED)
        if not token.strip():
            raise MalformedIdentityToken(INVALID, field="token")
        identity = self._issued.get(token)
        if identity is None:
            raise UntrustedIdentityToken(UNKNOWN_ORIGIN, field="token")
        return identity
