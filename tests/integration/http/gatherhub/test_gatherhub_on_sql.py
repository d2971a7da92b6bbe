"""GatherHub over the real databases: the whole journey, statements per request, and
readiness when the database is gone."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import Core, build_core
from eventcore.http.app import create_app
from eventcore.settings import Settings
from support.constants import PASSWORD
from support.statements import counting_statements


@pytest.fixture
def sql_client(sql_core: Core) -> FlaskClient:
    return create_app(sql_core).test_client()


def sign_up(client: FlaskClient, name: str) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/register/",
        json={"username": name, "email": f"{name}@example.org", "password": PASSWORD},
    )
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['access']}"}


def create(client: FlaskClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"title": "Picnic", "date": "2030-06-01T12:00:00Z", **fields}
    response = client.post("/api/v1/events/", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    created: dict[str, Any] = response.get_json()
    return created


def test_the_whole_journey_works_on_the_database(sql_client: FlaskClient) -> None:
    ada, bob = sign_up(sql_client, "ada"), sign_up(sql_client, "bob")
    created = create(
        sql_client,
        ada,
        max_participants=2,
        location="Park",
        images=[
            {"url": "https://img.example.org/a.png"},
            {"url": "https://img.example.org/b.png", "is_primary": True},
        ],
    )

    joined = sql_client.post(f"/api/v1/events/{created['id']}/join/", headers=bob)
    full = sql_client.post(
        f"/api/v1/events/{created['id']}/join/", headers=sign_up(sql_client, "cy")
    )
    updated = sql_client.put(
        f"/api/v1/events/{created['id']}/", json={"location": "Beach"}, headers=ada
    )
    listed = sql_client.get("/api/v1/events/?search=picnic", headers=bob)
    detail = sql_client.get(f"/api/v1/events/{created['id']}/", headers=bob)
    deleted = sql_client.delete(f"/api/v1/events/{created['id']}/", headers=ada)
    gone = sql_client.get(f"/api/v1/events/{created['id']}/", headers=ada)

    assert joined.get_json()["event"]["current_participants"] == 2
    assert full.status_code == 400
    assert updated.get_json()["location"] == "Beach"
    assert listed.get_json()["count"] == 1
    assert [p["username"] for p in detail.get_json()["participants"]] == ["ada", "bob"]
    assert detail.get_json()["images"] == [
        {"url": "https://img.example.org/a.png", "is_primary": False},
        {"url": "https://img.example.org/b.png", "is_primary": True},
    ]
    assert (deleted.status_code, deleted.data) == (204, b"")
    assert gone.status_code == 404


def test_a_page_of_events_costs_the_same_statements_for_1_or_100_events(
    sql_client: FlaskClient,
) -> None:
    ada = sign_up(sql_client, "ada")
    for number in range(120):
        create(
            sql_client,
            ada,
            title=f"Event {number}",
            max_participants=10,
            images=[{"url": f"https://img.example.org/{number}.png"}],
        )

    costs = {}
    for size in (1, 100):
        with counting_statements() as statements:
            response = sql_client.get(f"/api/v1/events/?page_size={size}", headers=ada)
        assert len(response.get_json()["results"]) == size
        costs[size] = len(statements)

    assert costs[1] == costs[100]


def test_readiness_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    settings = Settings(
        # Nothing listens on port 1: every connection is refused at once.
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
        secret_key=secrets.token_hex(32),
        instance_dir=tmp_path,
        media_dir=tmp_path / "media",
    )
    client = create_app(build_core(settings)).test_client()

    response = client.get("/health/ready/")

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["status"] == "unhealthy"
    assert "password" not in response.get_data(as_text=True).lower()


def test_a_replayed_refresh_token_ends_its_login_at_no_extra_statement(
    sql_client: FlaskClient,
) -> None:
    """The login's state comes with the user's row: an access token of a login costs
    the statements of one issued alone (ticketing's), and stops working at once when a
    used refresh token of its login is replayed; another login goes on."""
    first = sql_client.post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": PASSWORD},
    ).get_json()
    second = sql_client.post(
        "/api/v1/auth/login/", json={"username": "ada", "password": PASSWORD}
    ).get_json()
    alone = sql_client.post(
        "/ticketing/api/users/login", json={"email": "ada@example.org", "password": PASSWORD}
    ).get_json()["token"]

    def profile(access: str) -> tuple[int, list[str]]:
        with counting_statements() as sent:
            response = sql_client.get(
                "/api/v1/auth/profile/", headers={"Authorization": f"Bearer {access}"}
            )
        return response.status_code, sent

    (with_login, login_cost), (without, alone_cost) = profile(first["access"]), profile(alone)
    assert (with_login, without) == (200, 200)
    assert len(login_cost) == len(alone_cost)
    # The one statement that differs reads the user with the login's state.
    changed = [sent for sent in login_cost if sent not in alone_cost]
    assert len(changed) == 1
    assert "FROM users" in changed[0]
    assert "refresh_tokens" in changed[0]

    sql_client.post("/api/v1/auth/refresh/", json={"refresh": first["refresh"]})
    replayed = sql_client.post("/api/v1/auth/refresh/", json={"refresh": first["refresh"]})

    assert replayed.status_code == 401
    assert profile(first["access"])[0] == 401
    assert profile(second["access"])[0] == 200
