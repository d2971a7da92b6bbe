"""POST /api/auth with Google ID tokens from a local stand-in, the session cookie,
@me, logout, and the cross-site guard."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from community_api import API, CLIENT_ID, Tables
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.google.verifier import GoogleAuthVerifier
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.identity import UntrustedIdentityToken
from eventcore.domain.sessions import SESSION_LIFETIME
from eventcore.domain.users import Registration
from eventcore.http.app import create_app
from eventcore.usecases import accounts
from support.constants import PASSWORD
from support.google_standin import GoogleStandIn, SigningKey

UNKNOWN_ORIGIN = "Token is of unknown origin"
INVALID = "Invalid token."


def test_a_valid_token_signs_in_and_sets_the_session_cookie(
    client: FlaskClient, google: GoogleStandIn
) -> None:
    response = client.post(f"{API}/auth", json={"token": google.mint(name="Ada L.")})
    assert response.status_code == 200
    body = response.get_json()
    assert body == {
        "message": "success",
        "name": "Ada L.",
        "email": "ada@example.org",
        "avatar": "https://example.org/ada.png",
        "data": {
            "id": body["data"]["id"],
            "name": "Ada L.",
            "email": "ada@example.org",
            "avatar": "https://example.org/ada.png",
        },
    }
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("community_session=")
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/community", "Max-Age=2592000"):
        assert attribute in cookie
    assert "Secure" not in cookie
    assert int(SESSION_LIFETIME.total_seconds()) == 2592000
    me = client.get(f"{API}/auth/@me")
    assert me.status_code == 200
    assert me.get_json() == {"message": "success", "data": body["data"]}


def test_the_cookie_is_secure_over_https(client: FlaskClient, google: GoogleStandIn) -> None:
    response = client.post(
        f"{API}/auth", json={"token": google.mint()}, base_url="https://localhost"
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_logout_ends_only_that_session_with_an_empty_204(
    client: FlaskClient, other: FlaskClient, sign_in: Callable[..., int], refused: Any
) -> None:
    sign_in(client)
    sign_in(other)
    response = client.post(f"{API}/auth/logout")
    assert response.status_code == 204
    assert response.data == b""
    assert "community_session=;" in response.headers["Set-Cookie"]
    refused(client.get(f"{API}/auth/@me"), 401, "Unauthorized")
    assert other.get(f"{API}/auth/@me").status_code == 200
    assert other.get(f"{API}/auth/logout").status_code == 204
    refused(other.get(f"{API}/auth/@me"), 401, "Unauthorized")


def test_a_session_cookie_replayed_after_logout_opens_nothing(
    client: FlaskClient, sign_in: Callable[..., int], refused: Any
) -> None:
    sign_in(client)
    cookie = client.get_cookie("community_session", path="/community")
    assert cookie is not None
    client.post(f"{API}/auth/logout")

    client.set_cookie("community_session", cookie.value, path="/community")

    refused(client.get(f"{API}/auth/@me"), 401, "Unauthorized")
    refused(client.post(f"{API}/events", json={"title": "x"}), 401, "Unauthorized")


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda g: g.mint(key=SigningKey()), id="a key it does not publish"),
        pytest.param(lambda g: g.mint(aud="someone-else.apps.example"), id="wrong audience"),
        pytest.param(lambda g: g.mint(iss="https://accounts.evil.example"), id="wrong issuer"),
        pytest.param(lambda g: g.mint(issued=time.time() - 7200), id="expired"),
        pytest.param(lambda g: g.mint(issued=time.time() + 600), id="issued in the future"),
        pytest.param(lambda g: g.mint()[:-4] + "AAAA", id="tampered signature"),
    ],
)
def test_a_forged_token_is_of_unknown_origin(
    client: FlaskClient,
    google: GoogleStandIn,
    forge: Callable[[GoogleStandIn], str],
    refused: Any,
    snapshot: Callable[[], Tables],
) -> None:
    before = snapshot()
    refused(
        client.post(f"{API}/auth", json={"token": forge(google)}), 403, "Forbidden", UNKNOWN_ORIGIN
    )
    assert snapshot() == before


def test_a_token_within_the_clock_skew_is_accepted(
    client: FlaskClient, google: GoogleStandIn
) -> None:
    token = google.mint(issued=time.time() - 3600 - 5)
    assert client.post(f"{API}/auth", json={"token": token}).status_code == 200


@pytest.mark.parametrize(
    "send",
    [
        {"json": {}},
        {"json": {"token": ""}},
        {"json": {"token": 42}},
        {"json": {"token": "not-a-jwt"}},
        {"json": {"token": "a.b.c"}},
        {"json": ["token"]},
        {"data": "{not json", "content_type": "application/json"},
    ],
)
def test_a_missing_empty_or_malformed_token_is_invalid(
    client: FlaskClient, send: dict[str, Any], refused: Any
) -> None:
    refused(client.post(f"{API}/auth", **send), 400, "Bad Request", INVALID)


def test_an_unverified_email_never_signs_in_as_the_existing_user(
    core: Core, client: FlaskClient, google: GoogleStandIn, refused: Any
) -> None:
    existing = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="ada@example.org", password=PASSWORD, username="ada"),
    )
    token = google.mint(sub="999", email_verified=False)
    refused(client.post(f"{API}/auth", json={"token": token}), 403, "Forbidden")
    with core.uow() as uow:
        assert uow.credentials.find_by_google_subject("999") is None
        assert uow.users.count() == 1
    # Verified, the same email signs in as that account.
    linked = client.post(f"{API}/auth", json={"token": google.mint(sub="999")})
    assert linked.get_json()["data"]["id"] == existing.id


def test_without_client_ids_google_login_is_unavailable(
    clock: FixedClock, google: GoogleStandIn, refused: Any
) -> None:
    core = memory_core(clock=clock, google=GoogleAuthVerifier([], google.certs_url))
    client = create_app(core).test_client()
    response = client.post(f"{API}/auth", json={"token": google.mint()})
    refused(response, 503, "Service Unavailable")
    assert "EVENTCORE_GOOGLE_CLIENT_IDS" in response.get_json()["message"]


def test_certificates_are_cached_and_refetched_once_for_a_new_key(google: GoogleStandIn) -> None:
    clock = [1000.0]
    verifier = GoogleAuthVerifier([CLIENT_ID], google.certs_url, monotonic=lambda: clock[0])
    verifier.verify(google.mint())
    verifier.verify(google.mint(sub="2"))
    assert verifier.fetches == 1
    rotated = SigningKey()
    google.published.append(rotated)
    try:
        clock[0] += 60
        assert verifier.verify(google.mint(key=rotated)).subject
        assert verifier.fetches == 2
        # A key id nobody publishes costs at most one more fetch per interval.
        for _ in range(3):
            with pytest.raises(UntrustedIdentityToken):
                verifier.verify(google.mint(key=SigningKey()))
        assert verifier.fetches == 2
        # Once max-age has passed, the certificates are fetched again.
        clock[0] += google.max_age
        verifier.verify(google.mint())
        assert verifier.fetches == 3
    finally:
        google.published.remove(rotated)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://localhost:8080"},
    ],
)
def test_a_cross_site_post_is_refused_and_changes_nothing(
    client: FlaskClient,
    sign_in: Callable[..., int],
    headers: dict[str, str],
    refused: Any,
    snapshot: Callable[[], Tables],
) -> None:
    sign_in(client)
    before = snapshot()
    response = client.post(f"{API}/groups", json={"title": "Evil"}, headers=headers)
    refused(response, 403, "Forbidden")
    assert snapshot() == before


def test_a_same_site_post_passes(client: FlaskClient, sign_in: Callable[..., int]) -> None:
    sign_in(client)
    response = client.post(
        f"{API}/groups", json={"title": "Ours"}, headers={"Origin": "http://localhost"}
    )
    assert response.status_code == 201
