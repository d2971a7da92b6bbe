"""One core behind two APIs: what GatherHub writes, Eventify reads, and the accounts are
the same people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from eventcore.domain.events import Category

JsonBody = dict[str, Any]
Headers = dict[str, str]
Call = Callable[..., TestResponse]
CreateEvent = Callable[..., JsonBody]
MEDIA = "http://localhost/media/"


def test_an_event_made_in_gatherhub_is_browsed_and_opened_in_eventify(
    client: FlaskClient,
    call: Call,
    john: JsonBody,
    as_ada: Headers,
    create_event: CreateEvent,
    add_category: Callable[..., Category],
) -> None:
    concert = add_category("Concert", "event_type_icons/concert.png")
    made = create_event(
        as_ada,
        title="Summer Music Fest",
        name="Music Festival",
        pincode="560001",
        category=concert.id,
        date="2025-08-10T10:00:00Z",
        end_date="2025-08-12T22:00:00Z",
        outside_event_url="https://tickets.example.org/fest",
        event_status="live",
        images=[{"url": "event_images/main.jpg"}, {"url": "event_images/side.jpg"}],
    )

    types = call("events/type-list/", john).get_json()["event_types"]
    by_pincode = call("events/pincode-events/", john, pincode="560001").get_json()["events"]
    by_category = call("events/events-by-category/", john, category_id=concert.id).get_json()[
        "events"
    ]
    by_month = call("events/events-by-month-year/", john, month="Aug", year=2025).get_json()
    by_date = call("events/events-by-date/", john, date_of_event="2025-08-11").get_json()
    details = call("events/event-details/", john, event_id=made["id"]).get_json()
    images = call("events/event-images/", john, event_id=made["id"]).get_json()["images"]

    assert types == [
        {
            "id": concert.id,
            "event_type": "Concert",
            "event_type_icon": MEDIA + "event_type_icons/concert.png",
        }
    ]
    assert [event["id"] for event in by_pincode] == [made["id"]]
    assert by_pincode[0]["thumb_img"] == MEDIA + "event_images/main.jpg"
    assert by_pincode[0]["outside_event_url"] == "https://tickets.example.org/fest"
    assert by_pincode[0]["event_status"] == "live"
    assert [(e["id"], e["event_type"]) for e in by_category] == [(made["id"], concert.id)]
    assert by_month["dates"] == ["2025-08-10", "2025-08-11", "2025-08-12"]
    assert [event["name"] for event in by_date["events"]] == ["Music Festival"]
    assert details["images"] == [
        {"is_primary": True, "image": MEDIA + "event_images/main.jpg"},
        {"is_primary": False, "image": MEDIA + "event_images/side.jpg"},
    ]
    assert images == [MEDIA + "event_images/main.jpg", MEDIA + "event_images/side.jpg"]


def test_a_gatherhub_change_or_deletion_shows_in_eventify(
    client: FlaskClient, call: Call, john: JsonBody, as_ada: Headers, create_event: CreateEvent
) -> None:
    made = create_event(as_ada, title="Picnic", pincode="560001")
    client.patch(
        f"/api/v1/events/{made['id']}/",
        headers=as_ada,
        json={"event_status": "cancelled", "cancelled_reason": "Rain"},
    )
    details = call("events/event-details/", john, event_id=made["id"]).get_json()
    assert (details["event_status"], details["cancelled_reason"]) == ("cancelled", "Rain")

    client.delete(f"/api/v1/events/{made['id']}/", headers=as_ada)
    gone = call("events/event-details/", john, event_id=made["id"])
    assert (gone.status_code, gone.get_json()) == (
        404,
        {"status": "error", "message": "Event not found."},
    )
    assert call("events/pincode-events/", john, pincode="560001").get_json()["events"] == []


def test_an_eventify_account_signs_in_to_gatherhub_and_back(
    client: FlaskClient, call: Call, ada: JsonBody
) -> None:
    call(
        "user/register/",
        email="john.doe@example.com",
        phone_number="+1234567890",
        password="securepassword123",
    )
    in_gatherhub = client.post(
        "/api/v1/auth/login/",
        json={"username": "john.doe@example.com", "password": "securepassword123"},
    )
    assert in_gatherhub.status_code == 200
    assert in_gatherhub.get_json()["user"]["username"] == "john.doe"

    in_eventify = call("user/login/", username="ada", password="correct horse battery")
    assert in_eventify.status_code == 200
    assert in_eventify.get_json()["email"] == "ada@example.org"
