"""Checking a Google ID token: shared by every API that signs people in with Google."""

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
