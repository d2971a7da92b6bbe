"""What the socialcalendar flow tests share besides fixtures (a plain module, since
`conftest` names many modules in one run): the client the local Google stand-in
serves, the Google adapters pointed at it, and a browser that walks the code flow.

The browser is a Flask test client for the app; Google's consent page is the
stand-in's real /authorize, reached over HTTP, whose 302 the browser follows back
to the app's callback, as a browser would.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import attrs
import pytest
import requests
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from eventcore.adapters.google.authorization import AuthlibGoogleAuthorization
from eventcore.adapters.google.verifier import GoogleAuthVerifier
from eventcore.bootstrap import Core
from eventcore.settings import Settings
from support.google_standin import GoogleStandIn

CLIENT_ID = "socialcalendar-tests.apps.example"
CLIENT_SECRET = "socialcalendar-tests-secret"
API = "/socialcalendar"
CALLBACK = f"http://localhost{API}/login/callback"
SESSION_COOKIE = "socialcalendar_session"
LOGIN_COOKIE = "socialcalendar_login"
SURFACES = {"socialcalendar": API, "community": "/community"}
# The `backend` parameters of a test that needs a database several app instances
# share: @pytest.mark.parametrize("backend", SQL_ONLY, indirect=True).
SQL_ONLY = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def quiet(settings: Settings) -> Settings:
    """`settings` serving socialcalendar and community, with the rate limits off (the
    tests sign in more often than the login limit lets one client)."""
    changed: Settings = attrs.evolve(
        settings, rate_limit="off", login_rate_limit="off", surfaces=SURFACES
    )
    return changed


def google_adapters(google: GoogleStandIn) -> dict[str, Any]:
    """The real Google adapters (google-auth's verifier, authlib's code flow), pointed
    at the stand-in: keywords for memory_core or attrs.evolve(core, ...)."""
    return {
        "google": GoogleAuthVerifier([CLIENT_ID], google.certs_url),
        "google_authorization": AuthlibGoogleAuthorization(
            [CLIENT_ID], CLIENT_SECRET, google.authorize_url, google.token_url
        ),
    }


def user_count(core: Core) -> int:
    with core.uow() as uow:
        return uow.users.count()


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str | None) -> str:
    """`url` with query parameters replaced (a value) or removed (None)."""
    parts = urlsplit(url)
    query = {**query_of(url), **changes}
    kept = {name: value for name, value in query.items() if value is not None}
    return urlunsplit(parts._replace(query=urlencode(kept)))


class Browser:
    """One browser: its cookies are the test client's."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def begin(self) -> TestResponse:
        """GET /login: the 302 to Google's consent page."""
        response = self.client.get(f"{API}/login")
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def consent(self, consent_url: str) -> str:
        """Visit Google's consent page (the stand-in's): where it sends the browser back."""
        answer = requests.get(consent_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        location: str = answer.headers["Location"]
        return location

    def come_back(self, callback_url: str) -> TestResponse:
        """Follow Google's redirect to the app's callback."""
        return self.client.get(callback_url)

    def callback_url(self) -> str:
        """Begin a sign-in and pass the consent page: the callback Google sends back to."""
        return self.consent(self.begin().headers["Location"])

    def sign_in(self) -> TestResponse:
        """The whole flow, for the identity the stand-in approves next."""
        return self.come_back(self.callback_url())

    def session(self) -> str | None:
        cookie = self.client.get_cookie(SESSION_COOKIE, path=API)
        return None if cookie is None or not cookie.value else cookie.value

    def user(self) -> TestResponse:
        return self.client.get(f"{API}/user")


def sign_in_with_token(client: FlaskClient, google: GoogleStandIn, sub: str) -> tuple[str, str]:
    """Sign `client` in by POST /login with an ID token for `sub`: (user id, session token)."""
    response = client.post(
        f"{API}/login", json={"token": google.mint(sub=sub, email=f"u{sub}@example.org")}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    cookie = client.get_cookie(SESSION_COOKIE, path=API)
    assert cookie is not None
    user_id: str = response.get_json()["id"]
    return user_id, cookie.value


def group_event(**changes: str) -> dict[str, str]:
    """A POST /event body for a public group event; keywords change it."""
    return {
        "type": "group",
        "name": "Picnic",
        "is_private": "false",
        "datetime": "01.06.2030 12:00",
        "address": "The park",
        "icon": "bell.svg",
        **changes,
    }


def session_cookies_set(response: TestResponse) -> list[str]:
    """The response's Set-Cookie headers for the session cookie."""
    return [
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith(f"{SESSION_COOKIE}=")
    ]
