"""No GatherHub response ever carries a password, a password hash or a stored token hash
(DESIGN.md section 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore

JsonBody = dict[str, Any]
Headers = dict[str, str]

PASSWORD = "s3cret-Passw0rd-never-echoed"


@pytest.fixture
def every_response(
    client: FlaskClient, clock: FixedClock, bearer: Callable[[JsonBody], Headers]
) -> list[TestResponse]:
    """The responses of a whole session: sign-up, logins good and bad, refresh, profile,
    events, participation, errors, logout."""
    responses: list[TestResponse] = []

    def keep(response: TestResponse) -> JsonBody:
        responses.append(response)
        body: JsonBody = response.get_json(silent=True) or {}
        return body

    account = {"username": "eve", "email": "eve@example.org", "password": PASSWORD}
    eve = keep(client.post("/api/v1/auth/register/", json=account))
    keep(client.post("/api/v1/auth/register/", json=account))  # 409
    keep(client.post("/api/v1/auth/register/", json={**account, "username": "x y"}))
    keep(client.post("/api/v1/auth/register/", json={**account, "password": "short"}))
    keep(client.post("/api/v1/auth/login/", json={"username": "eve", "password": "wrong-one"}))
    login = keep(client.post("/api/v1/auth/login/", json={"username": "eve", "password": PASSWORD}))
    pair = keep(client.post("/api/v1/auth/refresh/", json={"refresh": login["refresh"]}))
    keep(client.post("/api/v1/auth/refresh/", json={"refresh": login["refresh"]}))  # replay
    as_eve = bearer(eve)
    keep(client.get("/api/v1/auth/profile/", headers=as_eve))
    keep(client.put("/api/v1/auth/profile/", headers=as_eve, json={"bio": "Hello"}))
    event = keep(
        client.post(
            "/api/v1/events/",
            headers=as_eve,
            json={"title": "Party", "date": "2027-05-02T18:00:00Z"},
        )
    )
    keep(client.get("/api/v1/events/", headers=as_eve))
    keep(client.get(f"/api/v1/events/{event['id']}/", headers=as_eve))
    keep(client.post(f"/api/v1/events/{event['id']}/join/", headers=as_eve))
    keep(client.post(f"/api/v1/events/{event['id']}/leave/", headers=as_eve))
    keep(client.get("/health/status/"))
    keep(client.post("/api/v1/auth/logout/", headers=as_eve, json={"refresh": pair["refresh"]}))
    keep(client.post("/api/v1/auth/refresh/", json={"refresh": pair["refresh"]}))
    clock.advance(timedelta(days=8))
    keep(client.post("/api/v1/auth/refresh/", json={"refresh": eve["refresh"]}))
    keep(client.get("/api/v1/auth/profile/", headers=as_eve))
    return responses


def test_the_session_touched_every_kind_of_answer(every_response: list[TestResponse]) -> None:
    statuses = {response.status_code for response in every_response}

    assert {200, 201, 400, 401, 409} <= statuses


def test_no_response_contains_the_password(every_response: list[TestResponse]) -> None:
    for response in every_response:
        assert PASSWORD not in response.get_data(as_text=True)
        assert "password" not in (response.get_json(silent=True) or {})


def test_no_response_contains_a_password_hash(
    every_response: list[TestResponse], store: MemoryStore
) -> None:
    hashes = [c.password_hash for c in store.tables["credentials"].values()]

    assert hashes
    assert all(hashes)
    for response in every_response:
        text = response.get_data(as_text=True)
        assert "$argon2" not in text
        assert not any(password_hash in text for password_hash in hashes)


def test_no_response_contains_a_stored_refresh_token_hash(
    every_response: list[TestResponse], store: MemoryStore
) -> None:
    token_hashes = list(store.tables["refresh_tokens"])

    assert len(token_hashes) >= 3
    for response in every_response:
        text = response.get_data(as_text=True)
        assert not any(token_hash in text for token_hash in token_hashes)
