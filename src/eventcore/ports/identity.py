"""Checking a Google ID token, shared by every API that signs people in with Google, and
the authorization-code flow that obtains one through Google's consent page."""

from __future__ import annotations

from typing import Protocol

from eventcore.domain.identity import GoogleIdentity


class GoogleIdentityVerifier(Protocol):
    def verify(self, token: str) -> GoogleIdentity:
        """The claims of a valid ID token: signed by one of Google's keys, for one of the
        configured client ids, issued by Google and not expired.

        Raises MalformedIdentityToken (not a JWT), UntrustedIdentityToken (any check
        fails) or GoogleLoginUnavailable (not configured, or no certificates to be had).
        """
        ...


class GoogleAuthorization(Protocol):
    """Google's authorization-code flow: where to send the browser, and the ID token a
    code from there is worth."""

    def consent_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        """Google's consent page for `openid email profile`, coming back to
        `redirect_uri` with `state`, the ID token to carry `nonce`, and the code bound
        to `code_verifier` (PKCE, S256). Raises GoogleLoginUnavailable when the flow is
        not configured."""
        ...

    def exchange(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
        """The ID token Google gives for `code`. Raises GoogleCodeRefused (unknown,
        used or expired code) or GoogleLoginUnavailable (not configured, or Google
        cannot be reached)."""
        ...
