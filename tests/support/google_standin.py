"""A local stand-in for Google's ID-token signing: it publishes certificates the way
https://www.googleapis.com/oauth2/v1/certs does ({key id: PEM certificate}, with
Cache-Control: max-age) and mints ID tokens signed by its key, so tests and the curl
session in docs/community.md never call Google.

    .venv/bin/python tests/support/google_standin.py --port 8765 --client-id demo-client

serves GET /certs, and GET /token?sub=...&email=...&name=... which answers a fresh
ID token for `demo-client` as plain text. Start eventcore with
EVENTCORE_GOOGLE_CERTS_URL=http://127.0.0.1:8765/certs and
EVENTCORE_GOOGLE_CLIENT_IDS=demo-client.
"""

from __future__ import annotations

import argparse
import json
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

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


class GoogleStandIn:
    """Publishes `published` keys at /certs; `mint` signs with any key, published or not."""

    def __init__(self, client_id: str, *, max_age: int = 300) -> None:
        self.client_id = client_id
        self.max_age = max_age
        self.key = SigningKey()
        self.published: list[SigningKey] = [self.key]
        self.cert_requests = 0
        self.certs_url = ""
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

    def serve(self, port: int = 0) -> str:
        """Serve in a daemon thread on 127.0.0.1; returns the certificates URL."""
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.certs_url = f"http://127.0.0.1:{self._server.server_address[1]}/certs"
        return self.certs_url

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _handler(standin: GoogleStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/certs":
                standin.cert_requests += 1
                self._answer(
                    json.dumps(standin.certs()),
                    "application/json",
                    f"public, max-age={standin.max_age}",
                )
            elif url.path == "/token":
                query = {name: values[0] for name, values in parse_qs(url.query).items()}
                if "email_verified" in query:
                    query["email_verified"] = query["email_verified"] == "true"  # type: ignore[assignment]
                self._answer(standin.mint(**query), "text/plain", "no-store")
            else:
                self.send_error(404)

        def _answer(self, body: str, kind: str, cache: str) -> None:
            data = body.encode()
            self.send_response(200)
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
    options = parser.parse_args()
    standin = GoogleStandIn(options.client_id)
    url = standin.serve(options.port)
    print(f"certificates at {url}; tokens at {url.removesuffix('/certs')}/token", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
