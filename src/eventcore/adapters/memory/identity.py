"""Stand-ins for Google, for the memory core: tests, demos, notebooks.

StaticGoogleVerifier: `issue(identity)` hands out a token that `verify` will accept
for that identity; any other non-empty token is refused as untrusted, as a forged
one would be.

StaticGoogleAuthorization: the consent page and the code exchange. `consent(url,
identity)` plays the person approving on Google's page: it answers the code the
browser would bring back. A code is good once, for the redirect and PKCE verifier
of the consent it came from, and is worth a token carrying that consent's nonce.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs

from eventcore.domain.identity import (
    GoogleCodeRefused,
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


CONSENT_PAGE = "https://accounts.example/consent"
CODE_REFUSED = "Google refused the authorization code."


@attrs.frozen
class _Consent:
    redirect_uri: str
    nonce: str
    code_challenge: str


class StaticGoogleAuthorization:
    def __init__(self, verifier: StaticGoogleVerifier, *, configured: bool = True) -> None:
        self._verifier = verifier
        self._configured = configured
        self._pending: dict[str, _Consent] = {}
        self._codes: dict[str, tuple[_Consent, GoogleIdentity]] = {}

    def consent_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        if not self._configured:
            raise GoogleLoginUnavailable(NOT_CONFIGURED)
        self._pending[state] = _Consent(redirect_uri, nonce, s256(code_verifier))
        query = {"redirect_uri": redirect_uri, "state": state, "nonce": nonce}
        return f"{CONSENT_PAGE}?{urlencode(query)}"

    def consent(self, url: str, identity: GoogleIdentity) -> str:
        """The code Google would send back to the redirect of the consent page `url`."""
        state = parse_qs(urlsplit(url).query)["state"][0]
        code = f"code-{secrets.token_urlsafe(16)}"
        self._codes[code] = (self._pending.pop(state), identity)
        return code

    def exchange(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
        if not self._configured:
            raise GoogleLoginUnavailable(NOT_CONFIGURED)
        granted = self._codes.pop(code, None)
        if granted is None:
            raise GoogleCodeRefused(CODE_REFUSED, field="code")
        consent, identity = granted
        if consent.redirect_uri != redirect_uri or consent.code_challenge != s256(code_verifier):
            raise GoogleCodeRefused(CODE_REFUSED, field="code")
        return self._verifier.issue(attrs.evolve(identity, nonce=consent.nonce))


def s256(code_verifier: str) -> str:
    """The PKCE S256 challenge of a verifier (RFC 7636)."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
