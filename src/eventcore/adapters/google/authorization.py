"""AuthlibGoogleAuthorization: Google's authorization-code flow, through authlib.

Authlib builds the consent URL (with state, nonce and the PKCE S256 challenge) and
exchanges the code with the client secret and the verifier. The ID token that comes
back is checked by the same verifier as every Google sign-in (verifier.py); this
module never trusts it by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventcore.domain.identity import GoogleCodeRefused, GoogleLoginUnavailable

if TYPE_CHECKING:
    from authlib.integrations.requests_client import OAuth2Session

SCOPE = "openid email profile"
EXCHANGE_TIMEOUT_SECONDS = 10

NOT_CONFIGURED = (
    "Google login is not configured on this server "
    "(EVENTCORE_GOOGLE_CLIENT_IDS and EVENTCORE_GOOGLE_CLIENT_SECRET are needed)."
)
UNREACHABLE = "Google's token endpoint cannot be reached right now; try again later."
CODE_REFUSED = "Google refused the authorization code."


class AuthlibGoogleAuthorization:
    """The code flow for the first of `client_ids`, the one the consent page names."""

    def __init__(
        self, client_ids: Sequence[str], client_secret: str, auth_uri: str, token_uri: str
    ) -> None:
        self._client_id = client_ids[0] if client_ids else ""
        self._client_secret = client_secret
        self._auth_uri = auth_uri
        self._token_uri = token_uri

    def consent_url(self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        with self._session(redirect_uri) as session:
            url, _ = session.create_authorization_url(
                self._auth_uri, state=state, code_verifier=code_verifier, nonce=nonce
            )
        return str(url)

    def exchange(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
        import requests
        from authlib.integrations.base_client.errors import OAuthError

        with self._session(redirect_uri) as session:
            try:
                token = session.fetch_token(
                    self._token_uri,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                    timeout=EXCHANGE_TIMEOUT_SECONDS,
                )
            except OAuthError as refused:
                # invalid_grant and its kin: an unknown, used or expired code.
                raise GoogleCodeRefused(CODE_REFUSED, field="code") from refused
            except (requests.RequestException, ValueError) as failure:
                raise GoogleLoginUnavailable(UNREACHABLE) from failure
        id_token = token.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise GoogleCodeRefused(CODE_REFUSED, field="code")
        return id_token

    def _session(self, redirect_uri: str) -> OAuth2Session:
        # Imported here, as the first sign-in needs it: authlib and requests add about
        # 17 MB to every worker, and most never run the code flow.
        from authlib.integrations.requests_client import OAuth2Session

        if not (self._client_id and self._client_secret):
            raise GoogleLoginUnavailable(NOT_CONFIGURED)
        return OAuth2Session(
            self._client_id,
            self._client_secret,
            scope=SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
        )
