"""The code flow end to end over HTTP, on memory, SQLite and PostgreSQL: the app's
real authlib and google-auth adapters against the local stand-in for Google's
consent page, token endpoint and certificates; a Flask test client is the browser.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest
from consent_browser import (
    API,
    CALLBACK,
    CLIENT_ID,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SQL_ONLY,
    Browser,
    query_of,
    session_cookies_set,
    user_count,
    with_query,
)
from flask import Flask
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core
from eventcore.http.app import create_app
from support.google_standin import GoogleStandIn

LANDING = "https://calendar.example/after-login"


def assert_nothing_signed_in(
    browser: Browser, response: TestResponse, status: int, core: Core, users_before: int
) -> None:
    """A refusal in this API's format that left no session and no new user behind."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error", "message"}, body
    assert body["message"]
    assert session_cookies_set(response) == []
    assert browser.session() is None
    assert browser.user().status_code == 401
    assert user_count(core) == users_before


def test_login_sends_the_browser_to_google_with_state_nonce_and_pkce(
    browser: Browser, other_browser: Browser, google: GoogleStandIn
) -> None:
    response = browser.begin()

    location = response.headers["Location"]
    assert location.split("?")[0] == google.authorize_url
    query = query_of(location)
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == CALLBACK
    assert {"openid", "email", "profile"} <= set(query["scope"].split())
    assert query["code_challenge_method"] == "S256"
    for secret in ("state", "nonce", "code_challenge"):
        assert len(query[secret]) >= 43, (secret, query[secret])
    (cookie,) = [
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith(f"{LOGIN_COOKIE}=")
    ]
    assert "HttpOnly" in cookie
    assert f"Path={API}" in cookie
    assert "SameSite=Lax" in cookie
    assert browser.client.get_cookie(LOGIN_COOKIE, path=API) is not None
    assert session_cookies_set(response) == []

    other = query_of(other_browser.begin().headers["Location"])
    for secret in ("state", "nonce", "code_challenge"):
        assert other[secret] != query[secret]


def test_the_consent_page_and_the_callback_sign_the_browser_in(
    browser: Browser, google: GoogleStandIn, core: Core
) -> None:
    google.next_identity(sub="2001", email="ada@example.org", name="Ada Lovelace")

    response = browser.sign_in()

    assert response.status_code == 200, response.get_data(as_text=True)
    user = response.get_json()
    assert user["google_id"] == "2001"
    assert user["email"] == "ada@example.org"
    assert user["name"] == "Ada Lovelace"
    consent = google.consents[-1]
    assert (consent.redirect_uri, consent.code_challenge_method) == (CALLBACK, "S256")
    assert google.exchanges[-1] == (200, "")
    (cookie,) = session_cookies_set(response)
    assert "HttpOnly" in cookie
    assert browser.session() is not None
    assert browser.user().get_json()["id"] == user["id"]
    assert user_count(core) == 1


def test_each_login_opens_a_fresh_session_and_ends_the_one_before(
    app: Flask, browser: Browser, google: GoogleStandIn
) -> None:
    google.next_identity(sub="2002")
    assert browser.sign_in().status_code == 200
    first = browser.session()
    google.next_identity(sub="2002")
    assert browser.sign_in().status_code == 200
    second = browser.session()

    assert first is not None
    assert second is not None
    assert second != first
    holder_of_the_first = app.test_client()
    holder_of_the_first.set_cookie(SESSION_COOKIE, first, path=API)
    assert holder_of_the_first.get(f"{API}/user").status_code == 401
    assert browser.user().status_code == 200


def test_the_code_flow_the_id_token_login_and_community_reach_the_same_user(
    app: Flask, browser: Browser, google: GoogleStandIn, core: Core
) -> None:
    google.next_identity(sub="3001", email="bob@example.org", name="Bob")
    by_code = browser.sign_in().get_json()

    token = app.test_client().post(
        f"{API}/login", json={"token": google.mint(sub="3001", email="bob@example.org")}
    )
    community = app.test_client().post(
        "/community/api/auth", json={"token": google.mint(sub="3001", email="bob@example.org")}
    )

    assert token.status_code == 200, token.get_data(as_text=True)
    assert token.get_json()["id"] == by_code["id"]
    assert token.get_json()["google_id"] == "3001"
    assert community.status_code == 200, community.get_data(as_text=True)
    assert str(community.get_json()["data"]["id"]) == by_code["id"]
    assert user_count(core) == 1


def test_with_a_login_redirect_the_callback_answers_302_there(
    core: Core, google: GoogleStandIn
) -> None:
    redirecting = attrs.evolve(core, settings=attrs.evolve(core.settings, login_redirect=LANDING))
    browser = Browser(create_app(redirecting).test_client())
    google.next_identity(sub="4001")

    response = browser.sign_in()

    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == LANDING
    assert len(session_cookies_set(response)) == 1
    assert browser.user().get_json()["google_id"] == "4001"


# --- refusals: each leaves nothing signed in -------------------------------------


def test_a_callback_without_a_state_is_refused(browser: Browser, core: Core) -> None:
    callback = browser.callback_url()

    response = browser.come_back(with_query(callback, state=None))

    assert_nothing_signed_in(browser, response, 403, core, 0)


def test_a_callback_with_a_wrong_state_is_refused(browser: Browser, core: Core) -> None:
    callback = browser.callback_url()

    response = browser.come_back(with_query(callback, state=secrets.token_urlsafe(32)))

    assert_nothing_signed_in(browser, response, 403, core, 0)


def test_a_state_issued_to_another_browser_is_refused(
    browser: Browser, other_browser: Browser, core: Core
) -> None:
    callback = browser.callback_url()
    other_browser.begin()  # it holds a pre-login cookie too, of its own

    response = other_browser.come_back(callback)

    assert_nothing_signed_in(other_browser, response, 403, core, 0)


def test_an_unknown_code_is_refused(browser: Browser, google: GoogleStandIn, core: Core) -> None:
    callback = browser.callback_url()

    response = browser.come_back(with_query(callback, code=secrets.token_urlsafe(32)))

    assert google.exchanges[-1] == (400, "invalid_grant")
    assert_nothing_signed_in(browser, response, 401, core, 0)


def test_a_replayed_callback_or_code_signs_no_one_in(
    browser: Browser, other_browser: Browser, google: GoogleStandIn, core: Core
) -> None:
    google.next_identity(sub="5001")
    callback = browser.callback_url()
    assert browser.come_back(callback).status_code == 200
    first_session = browser.session()

    again = browser.come_back(callback)

    assert again.status_code == 403, again.get_data(as_text=True)
    assert session_cookies_set(again) == []
    assert browser.session() == first_session
    # The code again, under a state of its own: Google has spent it.
    fresh = other_browser.callback_url()
    replayed = other_browser.come_back(with_query(fresh, code=query_of(callback)["code"]))
    assert google.exchanges[-1] == (400, "invalid_grant")
    assert_nothing_signed_in(other_browser, replayed, 401, core, 1)


def test_an_id_token_with_another_nonce_is_refused(
    browser: Browser, google: GoogleStandIn, core: Core
) -> None:
    google.next_identity(sub="6001", nonce=secrets.token_urlsafe(32))

    response = browser.sign_in()

    assert google.exchanges[-1] == (200, "")
    assert_nothing_signed_in(browser, response, 401, core, 0)


def test_an_attempt_older_than_ten_minutes_is_refused(
    browser: Browser, clock: FixedClock, core: Core
) -> None:
    callback = browser.callback_url()
    clock.advance(timedelta(minutes=11))

    response = browser.come_back(callback)

    assert_nothing_signed_in(browser, response, 403, core, 0)


def test_a_sign_in_the_person_refused_on_googles_page_is_refused(
    browser: Browser, google: GoogleStandIn, core: Core
) -> None:
    google.refuse_next("access_denied")
    callback = browser.callback_url()
    assert query_of(callback)["error"] == "access_denied"
    assert "code" not in query_of(callback)

    response = browser.come_back(callback)

    assert_nothing_signed_in(browser, response, 401, core, 0)
    assert "access_denied" in response.get_json()["message"]


@pytest.mark.parametrize("backend", SQL_ONLY, indirect=True)
def test_a_flow_begun_on_one_instance_finishes_on_another(
    core: Core, instance: Callable[..., Core], google: GoogleStandIn
) -> None:
    """Nothing of the flow is kept in a process: the callback lands on another app,
    built on its own, sharing only the database."""
    here = Browser(create_app(core).test_client())
    there = Browser(create_app(instance()).test_client())
    google.next_identity(sub="7001", email="carol@example.org")

    callback = here.callback_url()
    binding = here.client.get_cookie(LOGIN_COOKIE, path=API)
    assert binding is not None
    there.client.set_cookie(LOGIN_COOKIE, binding.value, path=API)
    response = there.come_back(callback)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["google_id"] == "7001"
    session = there.session()
    assert session is not None
    here.client.set_cookie(SESSION_COOKIE, session, path=API)
    assert here.user().get_json()["email"] == "carol@example.org"
