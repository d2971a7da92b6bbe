"""Every community endpoint and its documented answers, on the memory core."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from community_api import API, Tables
from flask.testing import FlaskClient

from eventcore.http.app import create_app
from eventcore.usecases import attendance

EVENT = {
    "title": "New Event",
    "description": "Event Description",
    "location": "Event Location",
    "start_date": "2030-09-21",
    "start_time": "10:00:00",
    "end_date": "2030-09-22",
    "end_time": "12:00:00",
    "thumbnail": "https://example.org/thumb.png",
}
EVENT_KEYS = {
    "id",
    "title",
    "description",
    "creator_id",
    "location",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "thumbnail",
    "created_at",
    "updated_at",
}
Refused = Callable[..., None]


@pytest.fixture
def ada(client: FlaskClient, sign_in: Callable[..., int]) -> int:
    return sign_in(client, "1", name="Ada")


@pytest.fixture
def bob(other: FlaskClient, sign_in: Callable[..., int]) -> int:
    return sign_in(other, "2", name="Bob")


@pytest.fixture
def event_id(client: FlaskClient, ada: int) -> int:
    response = client.post(f"{API}/events", json=EVENT)
    assert response.status_code == 201, response.get_json()
    created: int = response.get_json()["data"]["id"]
    return created


# --- without a session, everything but /api/auth is 401 -------------------------------

ENDPOINTS = [
    ("GET", "/auth/@me"),
    ("GET", "/auth/logout"),
    ("POST", "/auth/logout"),
    ("GET", "/users/1"),
    ("PUT", "/users/1"),
    ("POST", "/users/1/interests/1"),
    ("DELETE", "/users/1/interests/1"),
    ("POST", "/events"),
    ("GET", "/events"),
    ("GET", "/events/1"),
    ("PUT", "/events/1"),
    ("DELETE", "/events/1"),
    ("POST", "/events/1/comments"),
    ("GET", "/events/1/comments"),
    ("POST", "/comments/1/images"),
    ("GET", "/comments/1/images"),
    ("POST", "/comments/1/likes"),
    ("GET", "/comments/1/likes"),
    ("POST", "/groups"),
    ("GET", "/groups"),
    ("GET", "/groups/1"),
    ("PUT", "/groups/1"),
    ("DELETE", "/groups/1"),
    ("POST", "/groups/1/members/1"),
    ("DELETE", "/groups/1/members/1"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_without_a_session_every_endpoint_is_401_and_changes_nothing(
    other: FlaskClient,
    event_id: int,
    method: str,
    path: str,
    refused: Refused,
    snapshot: Callable[[], Tables],
) -> None:
    before = snapshot()
    response = other.open(f"{API}{path}", method=method, json={"title": "x", "body": "x"})
    refused(response, 401, "Unauthorized")
    assert snapshot() == before


def test_405_and_unknown_paths_answer_in_the_seeds_format(
    client: FlaskClient, refused: Refused
) -> None:
    refused(
        client.patch(f"{API}/groups"),
        405,
        "Method Not Allowed",
        "The HTTP method used is not allowed for this endpoint.",
    )
    refused(client.get(f"{API}/nothing"), 404, "Not Found")


# --- profiles ---------------------------------------------------------------------


def test_ones_own_profile_is_read_and_updated(client: FlaskClient, ada: int) -> None:
    got = client.get(f"{API}/users/{ada}")
    assert got.status_code == 200
    assert got.get_json()["message"] == "user details fetched successfully"
    assert set(got.get_json()["data"]) == {
        "id",
        "name",
        "email",
        "avatar",
        "created_at",
        "updated_at",
    }
    put = client.put(
        f"{API}/users/{ada}",
        json={"name": "Ada B.", "email": "ada.b@example.org", "avatar": "https://e.org/a.png"},
    )
    assert put.status_code == 201
    assert put.get_json()["message"] == f"user {ada} details updated successfully"
    data = put.get_json()["data"]
    assert (data["name"], data["email"], data["avatar"]) == (
        "Ada B.",
        "ada.b@example.org",
        "https://e.org/a.png",
    )
    assert data["created_at"] == "2027-05-01 12:00:00"


def test_another_users_profile_is_401_for_reading_and_writing(
    client: FlaskClient, ada: int, bob: int, refused: Refused, snapshot: Callable[[], Tables]
) -> None:
    text = "You are not authorized to access this user's profile."
    refused(client.get(f"{API}/users/{bob}"), 401, "Unauthorized", text)
    before = snapshot()
    refused(client.put(f"{API}/users/{bob}", json={"name": "X"}), 401, "Unauthorized", text)
    assert snapshot() == before


@pytest.mark.parametrize(
    "send",
    [
        {"data": "{oops", "content_type": "application/json"},
        {"json": {"email": "not an email"}},
        {"json": {"name": 5}},
    ],
)
def test_a_bad_profile_body_is_400_and_changes_nothing(
    client: FlaskClient,
    ada: int,
    send: dict[str, Any],
    refused: Refused,
    snapshot: Callable[[], Tables],
) -> None:
    before = snapshot()
    response = client.put(f"{API}/users/{ada}", **send)
    refused(response, 400, "Bad Request")
    assert response.get_json()["message"].startswith("your request could not be completed")
    assert snapshot() == before


# --- events -----------------------------------------------------------------------


def test_an_event_is_created_listed_read_updated_and_deleted(client: FlaskClient, ada: int) -> None:
    created = client.post(f"{API}/events", json=EVENT)
    assert created.status_code == 201
    assert created.get_json()["message"] == "Event Created"
    data = created.get_json()["data"]
    assert set(data) == EVENT_KEYS
    assert {k: data[k] for k in EVENT} == EVENT
    assert data["creator_id"] == ada
    event_id = data["id"]

    listed = client.get(f"{API}/events")
    assert listed.status_code == 200
    assert listed.get_json()["message"] == "events returned succesfully"
    assert [e["id"] for e in listed.get_json()["data"]] == [event_id]

    got = client.get(f"{API}/events/{event_id}")
    assert got.get_json()["message"] == "Event successfully Found"
    assert got.get_json()["data"]["creator_id"] == ada

    updated = client.put(
        f"{API}/events/{event_id}",
        json={"title": "Updated Event Title", "start_time": "09:30:00", "end_date": "2030-09-24"},
    )
    assert updated.status_code == 201
    assert updated.get_json()["message"] == "item updated"
    after = updated.get_json()["data"]
    assert (after["title"], after["start_date"], after["start_time"]) == (
        "Updated Event Title",
        "2030-09-21",
        "09:30:00",
    )
    assert (after["end_date"], after["end_time"]) == ("2030-09-24", "12:00:00")

    deleted = client.delete(f"{API}/events/{event_id}")
    assert deleted.status_code == 204
    assert deleted.data == b""
    assert client.get(f"{API}/events/{event_id}").status_code == 404


def test_dates_and_times_are_read_and_written_in_eventcore_timezone(
    client: FlaskClient, ada: int, core: Any
) -> None:
    berlin = attrs.evolve(
        core, settings=attrs.evolve(core.settings, timezone=ZoneInfo("Europe/Berlin"))
    )
    app = create_app(berlin)
    with app.test_client() as there:
        there.set_cookie(
            "community_session",
            client.get_cookie("community_session", path="/community").value,
            path="/community",
        )
        made = there.post(f"{API}/events", json=EVENT).get_json()["data"]
    assert made["start_time"] == "10:00:00"
    # The same moment, read in UTC by the app at UTC: Berlin is two hours ahead in September.
    assert client.get(f"{API}/events/{made['id']}").get_json()["data"]["start_time"] == "08:00:00"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**EVENT, "title": None},
        {key: value for key, value in EVENT.items() if key != "title"},
        {**EVENT, "title": "   "},
        {**EVENT, "start_date": "2030-13-01"},
        {**EVENT, "start_time": "25:00:00"},
        {**EVENT, "end_date": "2030-09-20"},
        {**EVENT, "end_time": None},
        {**EVENT, "start_date": 20300921},
    ],
)
def test_an_invalid_create_body_is_400_and_creates_nothing(
    client: FlaskClient,
    ada: int,
    body: dict[str, Any],
    refused: Refused,
    snapshot: Callable[[], Tables],
) -> None:
    before = snapshot()
    response = client.post(f"{API}/events", json=body)
    refused(response, 400, "Bad Request")
    assert response.get_json()["message"].startswith("An error occurred creating the event: ")
    assert snapshot() == before


def test_a_create_body_that_is_not_json_is_400(
    client: FlaskClient, ada: int, refused: Refused
) -> None:
    refused(
        client.post(f"{API}/events", data="x", content_type="application/json"), 400, "Bad Request"
    )


def test_only_the_creator_updates_or_deletes_an_event(
    other: FlaskClient, bob: int, event_id: int, refused: Refused, snapshot: Callable[[], Tables]
) -> None:
    before = snapshot()
    refused(
        other.put(f"{API}/events/{event_id}", json={"title": "Mine"}),
        403,
        "Forbidden",
        "Only the creator can update this event",
    )
    refused(
        other.delete(f"{API}/events/{event_id}"),
        403,
        "Forbidden",
        "Only the creator can delete this event",
    )
    assert snapshot() == before


@pytest.mark.parametrize("body", [{"start_time": "10:99:00"}, {"title": ""}, {"start_date": "x"}])
def test_a_bad_update_is_400_and_changes_nothing(
    client: FlaskClient,
    event_id: int,
    body: dict[str, Any],
    refused: Refused,
    snapshot: Callable[[], Tables],
) -> None:
    before = snapshot()
    refused(client.put(f"{API}/events/{event_id}", json=body), 400, "Bad Request")
    assert snapshot() == before


def test_an_unknown_event_is_404(client: FlaskClient, ada: int, refused: Refused) -> None:
    for method in ("GET", "PUT", "DELETE"):
        refused(
            client.open(f"{API}/events/999", method=method, json={}),
            404,
            "Not Found",
            "Event not found",
        )


# --- comments, images, likes ----------------------------------------------------------


def test_comments_images_and_likes(
    client: FlaskClient, other: FlaskClient, ada: int, bob: int, event_id: int, refused: Refused
) -> None:
    saved = other.post(f"{API}/events/{event_id}/comments", json={"body": "This is a comment"})
    assert saved.status_code == 201
    assert saved.get_json()["message"] == "Comment saved successfully"
    comment = saved.get_json()["data"]
    assert (comment["body"], comment["event_id"], comment["user_id"]) == (
        "This is a comment",
        event_id,
        bob,
    )
    listed = client.get(f"{API}/events/{event_id}/comments").get_json()
    assert listed["message"] == "Comments successfully fetched"
    assert [(c["id"], c["event_id"], c["body"]) for c in listed["data"]] == [
        (comment["id"], event_id, "This is a comment")
    ]
    assert listed["data"][0]["created_at"] == "2027-05-01 12:00:00"

    image = other.post(
        f"{API}/comments/{comment['id']}/images", json={"image_url": "https://e.org/i.png"}
    )
    assert image.status_code == 201
    shown = {"image_id": 1, "comment_id": comment["id"], "image_url": "https://e.org/i.png"}
    assert image.get_json() == {"message": "Image saved successfully", **shown, "data": shown}
    refused(
        client.post(
            f"{API}/comments/{comment['id']}/images", json={"image_url": "https://e.org/x"}
        ),
        403,
        "Forbidden",
    )
    images = client.get(f"{API}/comments/{comment['id']}/images").get_json()
    assert images == {"message": "all images successfully fetched", "data": [shown]}

    likes = f"{API}/comments/{comment['id']}/likes"
    assert client.post(likes).get_json() == {"message": "Liked", "data": 1}
    assert other.post(likes).get_json() == {"message": "Liked", "data": 2}
    assert client.post(likes).get_json() == {"message": "UnLiked", "data": 1}
    assert client.get(likes).get_json() == {"message": "Number of likes", "data": 1}


def test_comment_and_image_errors(
    client: FlaskClient, event_id: int, refused: Refused, snapshot: Callable[[], Tables]
) -> None:
    before = snapshot()
    for body in ({}, {"body": "  "}, {"body": 3}):
        response = client.post(f"{API}/events/{event_id}/comments", json=body)
        refused(response, 400, "Bad Request")
        assert response.get_json()["message"].startswith("Comment could not be saved: body")
    refused(
        client.post(f"{API}/events/999/comments", json={"body": "x"}),
        404,
        "Not Found",
        "Event not found",
    )
    refused(client.get(f"{API}/events/999/comments"), 404, "Not Found", "Event not found")
    for path in ("images", "likes"):
        refused(client.get(f"{API}/comments/999/{path}"), 404, "Not Found", "Comment not found")
        refused(
            client.post(f"{API}/comments/999/{path}", json={"image_url": "u"}), 404, "Not Found"
        )
    assert snapshot() == before
    comment = client.post(f"{API}/events/{event_id}/comments", json={"body": "x"}).get_json()[
        "data"
    ]
    before = snapshot()
    response = client.post(f"{API}/comments/{comment['id']}/images", json={})
    refused(
        response, 400, "Bad Request", "Error: image data could not be saved: image_url is required"
    )
    assert snapshot() == before


# --- interest ---------------------------------------------------------------------


def test_interest_messages_are_the_seeds(client: FlaskClient, ada: int, event_id: int) -> None:
    path = f"{API}/users/{ada}/interests/{event_id}"
    data = f"{ada} has shown interest in {event_id}"
    assert client.post(path).get_json() == {"message": "Interest registered.", "data": data}
    assert client.post(path).get_json() == {
        "message": "Interest cannot be registered twice.",
        "data": data,
    }
    assert client.delete(path).get_json() == {"message": "Interest deleted", "data": "No content"}
    assert client.delete(path).get_json() == {
        "message": "user has not previously shown interest",
        "data": "Nothing to delete",
    }


def test_interest_is_the_callers_own_and_needs_an_event(
    client: FlaskClient,
    ada: int,
    bob: int,
    event_id: int,
    refused: Refused,
    snapshot: Callable[[], Tables],
) -> None:
    before = snapshot()
    for method in ("POST", "DELETE"):
        refused(
            client.open(f"{API}/users/{bob}/interests/{event_id}", method=method), 403, "Forbidden"
        )
        refused(
            client.open(f"{API}/users/{ada}/interests/999", method=method),
            404,
            "Not Found",
            "User or Event not found",
        )
    assert snapshot() == before


def test_interest_is_seen_by_ticketing_as_an_interested_attendance(
    client: FlaskClient, ada: int, event_id: int, core: Any
) -> None:
    client.post(f"{API}/users/{ada}/interests/{event_id}")
    (seen,) = attendance.list_user_attendances(core.uow(), ada, ada)
    assert (seen.event_id, seen.status.value) == (event_id, "interested")


# --- groups -------------------------------------------------------------------------


def test_a_group_is_created_read_listed_renamed_and_deleted(
    client: FlaskClient, ada: int, refused: Refused
) -> None:
    created = client.post(f"{API}/groups", json={"title": "Group Title"})
    assert created.status_code == 201
    body = created.get_json()
    assert body["message"] == "Group created successfully"
    assert set(body["data"]) == {"id", "title", "creator_id", "created_at", "updated"}
    group_id = body["data"]["id"]
    got = client.get(f"{API}/groups/{group_id}").get_json()
    assert got == {
        "status": "success",
        "message": "Group details successfully fetched",
        "data": {"group_id": group_id, "title": "Group Title", "creator_id": ada, "members": [ada]},
    }
    listed = client.get(f"{API}/groups").get_json()
    assert listed["message"] == "All groups successfully fetched"
    assert [g["id"] for g in listed["data"]] == [group_id]
    renamed = client.put(f"{API}/groups/{group_id}", json={"title": "Updated Title"})
    assert renamed.status_code == 200
    assert renamed.get_json()["message"] == "Group updated successfully"
    assert renamed.get_json()["group"]["title"] == "Updated Title"
    refused(client.put(f"{API}/groups/{group_id}", json={}), 400, "Bad Request")
    refused(
        client.put(f"{API}/groups/999", json={"title": "x"}),
        404,
        "Not Found",
        "Group with ID 999 not found",
    )
    deleted = client.delete(f"{API}/groups/{group_id}")
    assert (deleted.status_code, deleted.data) == (204, b"")
    refused(client.get(f"{API}/groups/{group_id}"), 404, "Not Found", "Group not found")


def test_group_members(
    client: FlaskClient, other: FlaskClient, ada: int, bob: int, refused: Refused
) -> None:
    group_id = client.post(f"{API}/groups", json={"title": "G"}).get_json()["data"]["id"]
    members = f"{API}/groups/{group_id}/members"
    refused(other.put(f"{API}/groups/{group_id}", json={"title": "Mine"}), 403, "Forbidden")
    refused(
        other.delete(f"{API}/groups/{group_id}"),
        403,
        "Forbidden",
        "Only the creator can delete group",
    )
    added = other.post(f"{members}/{bob}")
    assert added.get_json() == {"message": "User added to Group", "data": group_id}
    refused(other.post(f"{members}/{bob}"), 403, "Forbidden", "User already in group")
    refused(other.delete(f"{members}/{ada}"), 403, "Forbidden")
    removed = client.delete(f"{members}/{bob}")
    assert removed.get_json() == {
        "message": "User removed from group successfully",
        "data": group_id,
    }
    refused(
        client.delete(f"{members}/{bob}"), 403, "Forbidden", "User is not a member of this group"
    )
    refused(client.post(f"{members}/999"), 404, "Not Found", "Group or user not found")
    refused(
        client.post(f"{API}/groups/999/members/{ada}"), 404, "Not Found", "Group or user not found"
    )
    refused(client.post(f"{API}/groups", json={"title": ""}), 400, "Bad Request")


def test_the_openapi_document_and_docs_page(client: FlaskClient) -> None:
    document = client.get("/community/openapi.json")
    assert document.status_code == 200
    paths = document.get_json()["paths"]
    assert "/community/api/auth" in paths
    assert "/community/api/groups/{group_id}/members/{user_id}" in paths
    assert client.get("/community/docs").status_code == 200
