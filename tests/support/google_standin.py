r"""A local stand-in for Google's sign-in endpoints, so tests and the curl sessions in
docs/community.md and docs/socialcalendar.md never call Google:

- GET /certs publishes certificates the way https://www.googleapis.com/oauth2/v1/certs
  does ({key id: PEM certificate}, with Cache-Control: max-age);
- GET /authorize is the consent page (https://accounts.google.com/o/oauth2/v2/auth):
  it records the request (client_id, redirect_uri, scope, state, nonce and the PKCE
  S256 challenge) and, as if the person approved, answers 302 to redirect_uri with
  a fresh one-time `code` and the `state`. The identity approved is the one a test
  queued with `next_identity(sub=..., email=...)`, else the query's `sub`, `email`,
  `name`, `picture`, `email_verified`, else a default (Ada); `refuse_next()` plays
  the person who says no (302 with `error=access_denied`);
- POST /token is the token endpoint (https://oauth2.googleapis.com/token): it checks
  grant_type=authorization_code, the client id and secret (HTTP Basic or in the
  form), the redirect_uri and the PKCE verifier against what /authorize recorded,
  spends the code (good once) and answers {access_token, token_type, expires_in,
  id_token}, the ID token signed by the stand-in's key and carrying the recorded
  nonce; otherwise 400 {"error": "invalid_grant"} (401 invalid_client for a bad
  client, 400 unsupported_grant_type or invalid_request as Google says them);
- GET /token?sub=...&email=...&name=... answers a fresh ID token as plain text, for
  clients that post an ID token themselves.

    .venv/bin/python tests/support/google_standin.py --port 8765 \
        --client-id demo-client --client-secret demo-secret

Then start eventcore with EVENTCORE_GOOGLE_CLIENT_IDS=demo-client,
EVENTCORE_GOOGLE_CLIENT_SECRET=demo-secret,
EVENTCORE_GOOGLE_CERTS_URL=http://127.0.0.1:8765/certs,
EVENTCORE_GOOGLE_AUTH_URI=http://127.0.0.1:8765/authorize and
EVENTCORE_GOOGLE_TOKEN_URI=http://127.0.0.1:8765/token.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hmac
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

from eventcore.adapters.memory.identity import s256

GOOGLE_ISSUER = "https://accounts.google.com"


class SigningKey:
    """An RSA key with its key id and a self-signed certificate for it."""

    def __init__(self) -> None:
        self.kid = secrets.token_hex(8)
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "google-standin")])
        now = datetime.now(UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(self._key, hashes.SHA256())
            .public_bytes(serialization.Encoding.PEM)
            .decode()
        )
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.signer = crypt.RSASigner.from_string(pem, key_id=self.kid)


DEFAULT_CLIENT_SECRET = "demo-secret"
# The query parameters of /authorize that choose the identity approved (for a person
# trying the flow by hand; tests queue one with `next_identity`).
IDENTITY_PARAMETERS = ("sub", "email", "name", "picture", "email_verified")
ACCESS_TOKEN_LIFETIME = 3599


@dataclass(frozen=True)
class Consent:
    """What one visit to /authorize asked for."""

    client_id: str
    redirect_uri: str
    response_type: str
    scope: str
    state: str
    nonce: str
    code_challenge: str
    code_challenge_method: str


@dataclass(frozen=True)
class _Grant:
    """What a code is worth: the consent it came from and the claims approved."""

    consent: Consent
    claims: dict[str, Any]


class Refused(Exception):
    """An answer of Google's other than success: its status and {"error": ...}."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.body = {"error": error, "error_description": description}


class GoogleStandIn:
    """Publishes `published` keys at /certs; `mint` signs with any key, published or not.
    Plays the consent page (/authorize) and the token endpoint (POST /token) for
    `client_id` and `client_secret`; `consents` lists what /authorize recorded."""

    def __init__(
        self, client_id: str, *, client_secret: str = DEFAULT_CLIENT_SECRET, max_age: int = 300
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.max_age = max_age
        self.key = SigningKey()
        self.published: list[SigningKey] = [self.key]
        self.cert_requests = 0
        self.certs_url = ""
        self.authorize_url = ""
        self.token_url = ""
        self.consents: list[Consent] = []
        # What POST /token answered, as (status, error or "" for success), in order.
        self.exchanges: list[tuple[int, str]] = []
        self._next: deque[dict[str, Any] | str] = deque()
        self._codes: dict[str, _Grant] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def certs(self) -> dict[str, str]:
        return {key.kid: key.certificate for key in self.published}

    def mint(
        self,
        *,
        key: SigningKey | None = None,
        lifetime: int = 3600,
        issued: float | None = None,
        **claims: Any,
    ) -> str:
        """An ID token; `claims` override the defaults (sub, email, aud, iss, ...)."""
        now = int(time.time() if issued is None else issued)
        payload: dict[str, Any] = {
            "iss": GOOGLE_ISSUER,
            "aud": self.client_id,
            "sub": "100000000000000000001",
            "email": "ada@example.org",
            "email_verified": True,
            "name": "Ada Lovelace",
            "picture": "https://example.org/ada.png",
            "iat": now,
            "exp": now + lifetime,
            **claims,
        }
        token: bytes = jwt.encode((key or self.key).signer, payload)
        return token.decode()

    # --- the consent page and the token endpoint ---------------------------------

    def next_identity(self, **claims: Any) -> None:
        """The next consent approves this identity: `claims` go into its ID token over
        the defaults of `mint` (sub, email, name, ...; even `nonce` or `aud`, to mint a
        token the server must refuse; `lifetime` and `issued` as in `mint`)."""
        with self._lock:
            self._next.append(dict(claims))

    def refuse_next(self, error: str = "access_denied") -> None:
        """The next consent is refused: 302 to redirect_uri with `error` and the state."""
        with self._lock:
            self._next.append(error)

    def authorize(self, query: dict[str, str]) -> str:
        """GET /authorize: records the consent and answers where to send the browser
        (redirect_uri with a code and the state, or with an error). Raises Refused for
        a request Google would show an error page for."""
        consent = Consent(
            client_id=query.get("client_id", ""),
            redirect_uri=query.get("redirect_uri", ""),
            response_type=query.get("response_type", ""),
            scope=query.get("scope", ""),
            state=query.get("state", ""),
            nonce=query.get("nonce", ""),
            code_challenge=query.get("code_challenge", ""),
            code_challenge_method=query.get("code_challenge_method", ""),
        )
        if consent.client_id != self.client_id:
            raise Refused(401, "invalid_client", "The OAuth client was not found.")
        _check_consent(consent)
        with self._lock:
            self.consents.append(consent)
            chosen = self._next.popleft() if self._next else {}
            if isinstance(chosen, str):
                return _redirect(consent, error=chosen)
            claims = {**chosen, **_claims_from(query, IDENTITY_PARAMETERS)}
            code = secrets.token_urlsafe(32)
            self._codes[code] = _Grant(consent, claims)
        return _redirect(consent, code=code)

    def token(self, form: dict[str, str], authorization: str) -> dict[str, Any]:
        """POST /token with `form` and the Authorization header: the token response.
        Raises Refused as Google's token endpoint answers: 400 unsupported_grant_type,
        401 invalid_client, 400 invalid_request (no code) or invalid_grant."""
        if form.get("grant_type") != "authorization_code":
            raise Refused(400, "unsupported_grant_type", "Invalid grant_type.")
        client_id, client_secret = _client_credentials(form, authorization)
        if not (
            hmac.compare_digest(client_id, self.client_id)
            and hmac.compare_digest(client_secret, self.client_secret)
        ):
            raise Refused(401, "invalid_client", "Unauthorized")
        code = form.get("code", "")
        if not code:
            raise Refused(400, "invalid_request", "Missing required parameter: code")
        with self._lock:
            # Spent by its first exchange, good or bad, as Google's are.
            grant = self._codes.pop(code, None)
        if grant is None:
            raise Refused(400, "invalid_grant", "Malformed auth code.")
        consent = grant.consent
        if form.get("redirect_uri", "") != consent.redirect_uri:
            raise Refused(400, "invalid_grant", "Bad Request")
        if not hmac.compare_digest(s256(form.get("code_verifier", "")), consent.code_challenge):
            raise Refused(400, "invalid_grant", "Invalid code verifier.")
        nonce = {"nonce": consent.nonce} if consent.nonce else {}
        return {
            "access_token": f"ya29.{secrets.token_urlsafe(32)}",
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_LIFETIME,
            "id_token": self.mint(**{"aud": consent.client_id, **nonce, **grant.claims}),
        }

    def serve(self, port: int = 0) -> str:
        """Serve in a daemon thread on 127.0.0.1; returns the certificates URL (and sets
        `authorize_url` and `token_url` beside it)."""
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.certs_url = f"{base}/certs"
        self.authorize_url = f"{base}/authorize"
        self.token_url = f"{base}/token"
        return self.certs_url

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _check_consent(consent: Consent) -> None:
    """What Google's consent page insists on (and this server must send): a code
    request for an absolute redirect, an OpenID scope and a PKCE S256 challenge."""
    target = urlsplit(consent.redirect_uri)
    if target.scheme not in ("http", "https") or not target.netloc:
        raise Refused(400, "invalid_request", "Invalid parameter value for redirect_uri.")
    if consent.response_type != "code":
        raise Refused(400, "unsupported_response_type", "Only response_type=code is served.")
    if "openid" not in consent.scope.split():
        raise Refused(400, "invalid_scope", "The scope must contain openid.")
    if consent.code_challenge_method != "S256" or not consent.code_challenge:
        raise Refused(400, "invalid_request", "A code_challenge with method S256 is required.")


def _redirect(consent: Consent, **answer: str) -> str:
    query = urlencode({**answer, **({"state": consent.state} if consent.state else {})})
    separator = "&" if "?" in consent.redirect_uri else "?"
    return f"{consent.redirect_uri}{separator}{query}"


def _claims_from(query: dict[str, str], names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Claims given in a query (all of it, or only `names`); email_verified as a boolean."""
    claims: dict[str, Any] = {
        name: value for name, value in query.items() if names is None or name in names
    }
    if "email_verified" in claims:
        claims["email_verified"] = claims["email_verified"] == "true"
    return claims


def _client_credentials(form: dict[str, str], authorization: str) -> tuple[str, str]:
    """(client id, secret) from HTTP Basic (client_secret_basic, each part
    form-encoded as RFC 6749 2.3.1 says) or else from the form (client_secret_post)."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return form.get("client_id", ""), form.get("client_secret", "")
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    client_id, _, secret = decoded.partition(":")
    return unquote_plus(client_id), unquote_plus(secret)


def _handler(standin: GoogleStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            if url.path == "/certs":
                standin.cert_requests += 1
                self._answer(
                    json.dumps(standin.certs()),
                    "application/json",
                    f"public, max-age={standin.max_age}",
                )
            elif url.path == "/authorize":
                try:
                    location = standin.authorize(query)
                except Refused as refused:
                    self._refuse(refused)
                    return
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif url.path == "/token":
                self._answer(standin.mint(**_claims_from(query)), "text/plain", "no-store")
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            form = {name: values[0] for name, values in parse_qs(body).items()}
            try:
                answer = standin.token(form, self.headers.get("Authorization", ""))
            except Refused as refused:
                standin.exchanges.append((refused.status, refused.body["error"]))
                self._refuse(refused)
                return
            standin.exchanges.append((200, ""))
            self._answer(json.dumps(answer), "application/json", "no-store")

        def _refuse(self, refused: Refused) -> None:
            self._answer(json.dumps(refused.body), "application/json", "no-store", refused.status)

        def _answer(self, body: str, kind: str, cache: str, status: int = 200) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", cache)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--client-id", default="demo-client")
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    options = parser.parse_args()
    standin = GoogleStandIn(options.client_id, client_secret=options.client_secret)
    standin.serve(options.port)
    print(
        f"certificates at {standin.certs_url}; consent page at {standin.authorize_url}; "
        f"token endpoint (POST) at {standin.token_url}; "
        f"ID tokens at {standin.token_url}?sub=...&email=...",
        flush=True,
    )
    threading.Event().wait()


if __name__ == "__main__":
    main()
