from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import jwt

from eventcore.domain.errors import Unauthenticated

_ALGORITHM = "HS256"
_REQUIRED = ["exp", "iat", "sub", "jti", "typ", "aud"]
# How far ahead of our clock a token's issue time may be: clocks of several hosts
# disagree by a little, never by more (a later `iat` is a forged token).
ISSUED_AT_LEEWAY_SECONDS = 30


class JwtTokenCodec:
    """HS256 JWTs whose `typ` claim keeps access and refresh tokens apart, and whose
    audience (`aud`) is the deployment that signed them.

    `audience` gives the deployment's id (its database's installation id); it is
    called for every token signed or checked, so it must be cheap after its first call.
    A token of another deployment, even one sharing the secret, is refused.
    """

    def __init__(
        self, secret: str, *, audience: Callable[[], str], issuer: str = "eventcore"
    ) -> None:
        self._secret = secret
        self._audience = audience
        self._issuer = issuer

    def encode(
        self, claims: Mapping[str, Any], *, kind: str, issued_at: datetime, expires_at: datetime
    ) -> str:
        payload = {
            **claims,
            "typ": kind,
            "iss": self._issuer,
            "aud": self._audience(),
            "iat": issued_at,
            "exp": expires_at,
        }
        return jwt.encode(payload, self._secret, algorithm=_ALGORITHM)

    def decode(self, token: str, *, kind: str, now: datetime) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                issuer=self._issuer,
                audience=self._audience(),
                options={"require": _REQUIRED, "verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            raise Unauthenticated("Invalid or expired token.") from None
        # Expiry and issue time are checked against the injected clock, not the machine's.
        moment = now.timestamp()
        issued_at = claims["iat"]
        if (
            claims["typ"] != kind
            or claims["exp"] <= moment
            or not isinstance(issued_at, int | float)
            or issued_at > moment + ISSUED_AT_LEEWAY_SECONDS
        ):
            raise Unauthenticated("Invalid or expired token.")
        return claims
