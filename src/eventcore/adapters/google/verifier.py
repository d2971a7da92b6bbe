"""GoogleAuthVerifier: checks Google ID tokens with google-auth.

google-auth verifies the RS256 signature, the expiry and the audience; this
adapter adds what it leaves out: the issuer, and a cache of the signing
certificates. google-auth fetches the certificates on every call; here they are
kept as long as the response's `Cache-Control: max-age` allows, and fetched
again once when a token names a key id the cache does not hold (Google rotates
its keys), so a forged key id cannot make every request fetch them.

google-auth (about 11 MB in a worker, with requests) is imported where a token is
checked: a worker that serves no Google sign-in never loads it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from eventcore.domain.identity import (
    GoogleIdentity,
    GoogleLoginUnavailable,
    MalformedIdentityToken,
    UntrustedIdentityToken,
)

ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
# Tolerated difference between Google's clock and ours, on `iat` and `exp`.
CLOCK_SKEW_SECONDS = 10
# Kept this long when the certificates' response says nothing about caching.
DEFAULT_MAX_AGE = 300
FETCH_TIMEOUT_SECONDS = 5
# An unknown key id refetches the certificates at most this often, so tokens with
# made-up key ids cannot turn every request into a fetch.
MIN_REFETCH_SECONDS = 30
# Longer tokens are no Google ID token (they are about 1 kB); refused unread.
MAX_TOKEN_LENGTH = 8192

INVALID = "Invalid token."
UNKNOWN_ORIGIN = "Token is of unknown origin"
NOT_CONFIGURED = (
    "Google login is not configured on this server (EVENTCORE_GOOGLE_CLIENT_IDS is empty)."
)
NO_CERTIFICATES = "Google's signing certificates cannot be fetched right now; try again later."

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)

Certs = Mapping[str, str]
# Fetches the certificates URL: returns the JSON body and the Cache-Control header.
Fetch = Callable[[str], tuple[Any, str]]


def fetch_with_google_auth(url: str) -> tuple[Any, str]:
    """GET `url` through google-auth's requests transport. Raises TransportError or
    ValueError (a status other than 200, a body that is not JSON)."""
    from google.auth.transport.requests import Request

    response = Request()(url, method="GET", timeout=FETCH_TIMEOUT_SECONDS)
    if response.status != 200:
        raise ValueError(f"the certificates URL answered {response.status}")
    return json.loads(response.data), response.headers.get("Cache-Control", "")


def max_age(cache_control: str) -> int:
    """Seconds the `Cache-Control` header lets a response be reused; none for no-store
    or no-cache, DEFAULT_MAX_AGE when it does not say."""
    lowered = cache_control.lower()
    if "no-store" in lowered or "no-cache" in lowered:
        return 0
    found = _MAX_AGE.search(cache_control)
    return int(found.group(1)) if found else DEFAULT_MAX_AGE


class GoogleAuthVerifier:
    def __init__(
        self,
        client_ids: Sequence[str],
        certs_url: str,
        *,
        fetch: Fetch = fetch_with_google_auth,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client_ids = list(client_ids)
        self._certs_url = certs_url
        self._fetch = fetch
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._certs: Certs = {}
        self._fresh_until = 0.0
        self._fetched_at = float("-inf")
        self.fetches = 0

    def verify(self, token: str) -> GoogleIdentity:
        if not self._client_ids:
            raise GoogleLoginUnavailable(NOT_CONFIGURED)
        from google.auth import exceptions as google_errors
        from google.auth import jwt

        key_id = _key_id(token)
        certs = self._certs_for(key_id)
        try:
            claims = jwt.decode(  # type: ignore[no-untyped-call]
                token,
                certs=certs,
                audience=self._client_ids,
                clock_skew_in_seconds=CLOCK_SKEW_SECONDS,
            )
        except (google_errors.GoogleAuthError, ValueError, TypeError) as refused:
            # A bad signature, an unknown key, expiry, a future `iat`, the audience.
            raise UntrustedIdentityToken(UNKNOWN_ORIGIN, field="token") from refused
        if claims.get("iss") not in ISSUERS:
            raise UntrustedIdentityToken(UNKNOWN_ORIGIN, field="token")
        return _identity(claims)

    def _certs_for(self, key_id: str | None) -> Certs:
        """The cached certificates, fetched first when stale or when they lack `key_id`."""
        with self._lock:
            now = self._monotonic()
            stale = now >= self._fresh_until
            unknown = key_id is not None and key_id not in self._certs
            if stale or (unknown and now - self._fetched_at >= MIN_REFETCH_SECONDS):
                self._refresh(now, must=stale)
            return self._certs

    def _refresh(self, now: float, *, must: bool) -> None:
        """Fetch the certificates. A stale cache that cannot be refreshed is an outage;
        a fresh one that could not be refetched for an unknown key id stays as it is,
        and the token is refused."""
        from google.auth import exceptions as google_errors

        self._fetched_at = now
        try:
            self.fetches += 1
            body, cache_control = self._fetch(self._certs_url)
            certs = _parse_certs(body)
        except (google_errors.TransportError, ValueError) as failure:
            if must:
                raise GoogleLoginUnavailable(NO_CERTIFICATES) from failure
            return
        self._certs = certs
        self._fresh_until = now + max_age(cache_control)


def _key_id(token: str) -> str | None:
    """The token's key id, after checking it is a JWT at all (MalformedIdentityToken)."""
    if not isinstance(token, str) or not token.strip() or len(token) > MAX_TOKEN_LENGTH:
        raise MalformedIdentityToken(INVALID, field="token")
    from google.auth import exceptions as google_errors
    from google.auth import jwt

    try:
        header = jwt.decode_header(token)  # type: ignore[no-untyped-call]
    except (google_errors.GoogleAuthError, ValueError, TypeError, UnicodeError) as malformed:
        raise MalformedIdentityToken(INVALID, field="token") from malformed
    key_id = header.get("kid")
    return key_id if isinstance(key_id, str) else None


def _parse_certs(body: Any) -> dict[str, str]:
    """Google's v1 format: {key id: PEM certificate}. Raises ValueError otherwise."""
    if not isinstance(body, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in body.items()
    ):
        raise ValueError("the certificates response is not a map of key ids to PEM certificates")
    return dict(body)


def _identity(claims: Mapping[str, Any]) -> GoogleIdentity:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise UntrustedIdentityToken(UNKNOWN_ORIGIN, field="token")
    verified = claims.get("email_verified")
    return GoogleIdentity(
        subject=subject,
        email=_text(claims.get("email")),
        # Google sends a boolean; some older tokens carried the string "true".
        email_verified=verified is True or verified == "true",
        name=_text(claims.get("name")),
        picture=_text(claims.get("picture")),
        nonce=_text(claims.get("nonce")),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
