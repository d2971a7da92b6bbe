"""The stand-in's consent page and token endpoint are as strict as Google's, so the
flow tests passing means the app sent what Google checks: the client secret, the
redirect, the PKCE verifier, each code once. Also the app's authlib adapter against
it, both ways of client authentication."""

from __future__ import annotations

import base64
import secrets
from typing import Any

import pytest
import requests
from consent_browser import CALLBACK, CLIENT_ID, CLIENT_SECRET, google_adapters, query_of

from eventcore.adapters.memory.identity import s256
from eventcore.domain.identity import GoogleCodeRefused
from support.google_standin import GoogleStandIn

VERIFIER = secrets.token_urlsafe(32)


def consent(google: GoogleStandIn, **changes: str) -> dict[str, str]:
    """Pass the consent page; the query it sends the browser back with."""
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": "the-state",
        "nonce": "the-nonce",
        "code_challenge": s256(VERIFIER),
        "code_challenge_method": "S256",
        **changes,
    }
    answer = requests.get(google.authorize_url, params=query, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location: str = answer.headers["Location"]
    assert location.startswith(f"{CALLBACK}?")
    return query_of(location)


def exchange(google: GoogleStandIn, code: str, **changes: Any) -> requests.Response:
    """POST /token for `code` with the secret in the form (client_secret_post); a
    change to None leaves that field out."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "code_verifier": VERIFIER,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        **changes,
    }
    kept = {name: value for name, value in form.items() if value is not None}
    return requests.post(google.token_url, data=kept, timeout=10)


def test_a_code_is_worth_an_id_token_with_the_nonce_once(google: GoogleStandIn) -> None:
    google.next_identity(sub="8001", email="dan@example.org")
    back = consent(google)
    assert back["state"] == "the-state"

    answer = exchange(google, back["code"])

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "id_token"}
    verifier = google_adapters(google)["google"]
    identity = verifier.verify(body["id_token"])
    assert (identity.subject, identity.email, identity.nonce) == (
        "8001",
        "dan@example.org",
        "the-nonce",
    )
    again = exchange(google, back["code"])
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"code_verifier": secrets.token_urlsafe(32)}, 400, "invalid_grant"),
        ({"code_verifier": None}, 400, "invalid_grant"),
        ({"redirect_uri": "http://localhost/elsewhere"}, 400, "invalid_grant"),
        ({"client_secret": "not-the-secret"}, 401, "invalid_client"),
        ({"client_id": "another-client"}, 401, "invalid_client"),
        ({"grant_type": "refresh_token"}, 400, "unsupported_grant_type"),
        ({"code": None}, 400, "invalid_request"),
    ],
)
def test_the_token_endpoint_refuses_what_google_refuses(
    google: GoogleStandIn, changes: dict[str, Any], status: int, error: str
) -> None:
    back = consent(google)

    answer = exchange(google, **{"code": back["code"], **changes})

    assert (answer.status_code, answer.json()["error"]) == (status, error)


def test_http_basic_client_authentication_is_read_form_encoded(google: GoogleStandIn) -> None:
    back = consent(google)
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()

    answer = requests.post(
        google.token_url,
        data={
            "grant_type": "authorization_code",
            "code": back["code"],
            "redirect_uri": CALLBACK,
            "code_verifier": VERIFIER,
        },
        headers={"Authorization": f"Basic {basic}"},
        timeout=10,
    )

    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"client_id": "another-client"}, 401, "invalid_client"),
        ({"code_challenge_method": "plain"}, 400, "invalid_request"),
        ({"code_challenge": ""}, 400, "invalid_request"),
        ({"response_type": "token"}, 400, "unsupported_response_type"),
        ({"scope": "email profile"}, 400, "invalid_scope"),
        ({"redirect_uri": "/login/callback"}, 400, "invalid_request"),
    ],
)
def test_the_consent_page_refuses_a_request_google_would_not_serve(
    google: GoogleStandIn, changes: dict[str, str], status: int, error: str
) -> None:
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid",
        "code_challenge": s256(VERIFIER),
        "code_challenge_method": "S256",
        **changes,
    }

    answer = requests.get(google.authorize_url, params=query, allow_redirects=False, timeout=10)

    assert (answer.status_code, answer.json()["error"]) == (status, error)


def code_from(consent_url: str) -> str:
    """Visit the consent page at `consent_url`; the code it sends back."""
    answer = requests.get(consent_url, allow_redirects=False, timeout=10)
    return query_of(answer.headers["Location"])["code"]


def test_the_apps_adapter_sends_the_secret_and_the_verifier(google: GoogleStandIn) -> None:
    authorization = google_adapters(google)["google_authorization"]

    def consent_url() -> str:
        url: str = authorization.consent_url(
            redirect_uri=CALLBACK, state="s", nonce="n", code_verifier=VERIFIER
        )
        return url

    with pytest.raises(GoogleCodeRefused):
        authorization.exchange(
            code=code_from(consent_url()),
            redirect_uri=CALLBACK,
            code_verifier=secrets.token_urlsafe(32),
        )
    assert google.exchanges[-1] == (400, "invalid_grant")

    google.next_identity(sub="8002")
    id_token = authorization.exchange(
        code=code_from(consent_url()), redirect_uri=CALLBACK, code_verifier=VERIFIER
    )
    assert google.exchanges[-1] == (200, "")
    assert google_adapters(google)["google"].verify(id_token).subject == "8002"
