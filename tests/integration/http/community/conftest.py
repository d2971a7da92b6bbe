"""Fixtures for the community HTTP suite: the app on a memory core whose Google check is
the real google-auth verifier, pointed at a local stand-in for Google's certificates."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from community_api import API, CLIENT_ID, Tables
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.google.verifier import GoogleAuthVerifier
from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core, memory_core
from eventcore.settings import Settings
from support.google_standin import GoogleStandIn


@pytest.fixture(scope="session")
def google() -> Iterator[GoogleStandIn]:
    standin = GoogleStandIn(CLIENT_ID)
    standin.serve()
    yield standin
    standin.close()


@pytest.fixture
def verifier(google: GoogleStandIn) -> GoogleAuthVerifier:
    return GoogleAuthVerifier([CLIENT_ID], google.certs_url)


@pytest.fixture
def core(clock: FixedClock, verifier: GoogleAuthVerifier) -> Core:
    """Community beside ticketing (to see interest as attendance); rate limits off."""
    settings = Settings(
        secret_key=secrets.token_hex(32),
        rate_limit="off",
        login_rate_limit="off",
        surfaces={"community": "/community", "ticketing": "/ticketing"},
    )
    return memory_core(clock=clock, settings=settings, google=verifier)


@pytest.fixture
def snapshot(store: MemoryStore) -> Callable[[], Tables]:
    return lambda: copy.deepcopy(store.tables)


@pytest.fixture
def refused() -> Callable[..., None]:
    """Check a refusal: the status, the seed's {error, message}, and the message."""

    def check(response: TestResponse, status: int, error: str, message: str | None = None) -> None:
        assert response.status_code == status, response.get_data(as_text=True)
        body = response.get_json()
        assert set(body) == {"error", "message"}, body
        assert body["error"] == error
        if message is not None:
            assert body["message"] == message
        assert "Set-Cookie" not in response.headers

    return check


@pytest.fixture
def sign_in(google: GoogleStandIn) -> Callable[..., int]:
    """Sign `client` in with a token for `sub` (keywords override other claims); returns
    the user id."""

    def post(client: FlaskClient, sub: str = "1001", **claims: Any) -> int:
        claims.setdefault("email", f"user{sub}@example.org")
        response = client.post(f"{API}/auth", json={"token": google.mint(sub=sub, **claims)})
        assert response.status_code == 200, response.get_data(as_text=True)
        user_id: int = response.get_json()["data"]["id"]
        return user_id

    return post


@pytest.fixture
def other(app: Flask) -> FlaskClient:
    """A second browser."""
    client: FlaskClient = app.test_client()
    return client
