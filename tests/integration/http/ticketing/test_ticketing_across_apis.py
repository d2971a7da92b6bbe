"""One core behind both APIs: an event made on either shows on the other, with the same
seat count (tickets_remaining = capacity - GatherHub's current_participants)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from ticketing_api import API, Headers, JsonBody
from werkzeug.test import TestResponse

from support.constants import PASSWORD as GATHERHUB_PASSWORD


def _gatherhub_user(client: FlaskClient, name: str) -> Headers:
    response = client.post(
        "/api/v1/auth/register/",
        json={
            "username": name,
            "email": f"{name}@gatherhub.example.org",
            "password": GATHERHUB_PASSWORD,
        },
    )
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['access']}"}


def test_an_event_published_here_is_listed_by_gatherhub_with_its_seats(
    client: FlaskClient,
    create_event: Callable[..., JsonBody],
    as_user: Headers,
    attend: Callable[..., TestResponse],
) -> None:
    event = create_event(capacity=5, tickets_remaining=5)
    attend(event["id"], as_user)
    gatherhub = _gatherhub_user(client, "gus")

    listed = client.get("/api/v1/events/", headers=gatherhub).get_json()["results"]
    detail = client.get(f"/api/v1/events/{event['id']}/", headers=gatherhub).get_json()

    assert [e["title"] for e in listed] == ["Test Event"]
    assert (detail["max_participants"], detail["current_participants"]) == (5, 1)
    assert (
        client.get(f"{API}/events/{event['id']}").get_json()["event"]["tickets_remaining"]
        == 5 - detail["current_participants"]
    )


def test_a_gatherhub_registration_takes_a_ticket_here(
    client: FlaskClient,
    create_event: Callable[..., JsonBody],
    tickets_left: Callable[[int], int | None],
) -> None:
    event = create_event(capacity=2, tickets_remaining=2)
    joined = client.post(
        f"/api/v1/events/{event['id']}/join/", headers=_gatherhub_user(client, "gus")
    )
    assert joined.status_code == 200
    assert tickets_left(event["id"]) == 1


def test_a_gatherhub_event_is_listed_here_with_its_creator_holding_a_seat(
    client: FlaskClient,
) -> None:
    gatherhub = _gatherhub_user(client, "gus")
    created = client.post(
        "/api/v1/events/",
        headers=gatherhub,
        json={
            "title": "Board games",
            "date": "2030-05-01T18:00:00Z",
            "max_participants": 12,
            "images": [{"url": "https://img.example.org/a.png"}],
        },
    ).get_json()

    listed = client.get(f"{API}/events").get_json()["events"]

    assert len(listed) == 1
    shown: dict[str, Any] = listed[0]
    assert (shown["id"], shown["title"], shown["owner_id"]) == (
        created["id"],
        "Board games",
        created["creator"]["id"],
    )
    assert (shown["capacity"], shown["tickets_remaining"]) == (12, 11)
    assert shown["photo_1_url"] == "https://img.example.org/a.png"
    assert shown["start_datetime"] == "2030-05-01T18:00:00Z"


def test_a_ticketing_account_logs_in_to_gatherhub(client: FlaskClient) -> None:
    client.post(
        f"{API}/users",
        json={"username": "febi", "email": "febi@example.org", "password": GATHERHUB_PASSWORD},
    )
    response = client.post(
        "/api/v1/auth/login/", json={"username": "febi@example.org", "password": GATHERHUB_PASSWORD}
    )
    assert response.status_code == 200
