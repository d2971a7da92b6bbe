"""GatherHub join and leave, and private events (seed 003)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]

EVENTS = "/api/v1/events/"


def _event(event_id: int) -> str:
    return f"{EVENTS}{event_id}/"


def _join(event_id: int) -> str:
    return f"{EVENTS}{event_id}/join/"


def _leave(event_id: int) -> str:
    return f"{EVENTS}{event_id}/leave/"


def _participant_ids(client: FlaskClient, headers: Headers, event_id: int) -> list[int]:
    detail = client.get(_event(event_id), headers=headers).get_json()
    return [person["id"] for person in detail["participants"]]


# Join ------------------------------------------------------------------------


def test_joining_an_event_answers_the_seed_message_and_the_new_count(
    client: FlaskClient,
    ada: JsonBody,
    bob: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada, title="Jazz night")

    response = client.post(_join(event["id"]), headers=as_bob)

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Successfully joined the event",
        "event": {"id": event["id"], "title": "Jazz night", "current_participants": 2},
    }
    assert _participant_ids(client, as_ada, event["id"]) == [ada["user"]["id"], bob["user"]["id"]]


def test_joining_twice_is_a_400_and_counts_once(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)
    client.post(_join(event["id"]), headers=as_bob)

    response = client.post(_join(event["id"]), headers=as_bob)

    assert_error(response, 400, code="already_participant")
    assert client.get(_event(event["id"]), headers=as_ada).get_json()["current_participants"] == 2


def test_the_creator_is_already_a_participant(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    assert_error(client.post(_join(event["id"]), headers=as_ada), 400, code="already_participant")


def test_joining_a_full_event_is_a_400_and_changes_nothing(
    client: FlaskClient,
    assert_error: AssertError,
    bob: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    as_carol: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada, max_participants=2)
    client.post(_join(event["id"]), headers=as_bob)

    response = client.post(_join(event["id"]), headers=as_carol)

    assert_error(response, 400, code="event_full")
    detail = client.get(_event(event["id"]), headers=as_ada).get_json()
    assert detail["current_participants"] == 2
    assert len(detail["participants"]) == 2


def test_a_place_freed_by_leaving_can_be_taken(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    as_carol: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada, max_participants=2)
    client.post(_join(event["id"]), headers=as_bob)
    client.post(_leave(event["id"]), headers=as_bob)

    response = client.post(_join(event["id"]), headers=as_carol)

    assert response.status_code == 200
    assert response.get_json()["event"]["current_participants"] == 2


def test_someone_who_left_can_join_again(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)
    client.post(_join(event["id"]), headers=as_bob)
    client.post(_leave(event["id"]), headers=as_bob)

    response = client.post(_join(event["id"]), headers=as_bob)

    assert response.status_code == 200
    assert response.get_json()["event"]["current_participants"] == 2


def test_joining_a_missing_event_is_a_404(
    client: FlaskClient, assert_error: AssertError, as_bob: Headers
) -> None:
    assert_error(client.post(_join(404), headers=as_bob), 404, code="not_found")


def test_joining_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    assert_error(client.post(_join(event["id"])), 401)


def test_joining_with_get_is_a_405_in_the_envelope(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    assert_error(client.get(_join(event["id"]), headers=as_ada), 405)


# Leave -----------------------------------------------------------------------


def test_leaving_an_event_answers_the_seed_message_and_the_new_count(
    client: FlaskClient,
    ada: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada, title="Jazz night")
    client.post(_join(event["id"]), headers=as_bob)

    response = client.post(_leave(event["id"]), headers=as_bob)

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Successfully left the event",
        "event": {"id": event["id"], "title": "Jazz night", "current_participants": 1},
    }
    assert _participant_ids(client, as_ada, event["id"]) == [ada["user"]["id"]]


def test_leaving_an_event_one_has_not_joined_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)

    assert_error(client.post(_leave(event["id"]), headers=as_bob), 400, code="not_participant")


def test_leaving_twice_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)
    client.post(_join(event["id"]), headers=as_bob)
    client.post(_leave(event["id"]), headers=as_bob)

    assert_error(client.post(_leave(event["id"]), headers=as_bob), 400, code="not_participant")


def test_the_creator_cannot_leave_their_event(
    client: FlaskClient,
    assert_error: AssertError,
    ada: JsonBody,
    as_ada: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)

    response = client.post(_leave(event["id"]), headers=as_ada)

    assert_error(response, 403, code="permission_denied")
    assert _participant_ids(client, as_ada, event["id"]) == [ada["user"]["id"]]


def test_leaving_a_missing_event_is_a_404(
    client: FlaskClient, assert_error: AssertError, as_bob: Headers
) -> None:
    assert_error(client.post(_leave(404), headers=as_bob), 404, code="not_found")


# Private events --------------------------------------------------------------


@pytest.fixture
def private_event(as_ada: Headers, create_event: CreateEvent) -> JsonBody:
    return create_event(as_ada, title="Surprise party", is_private=True)


def test_a_private_event_is_not_listed_for_other_users(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    private_event: JsonBody,
    create_event: CreateEvent,
) -> None:
    create_event(as_ada, title="Public gig")

    page = client.get(EVENTS, headers=as_bob).get_json()

    assert page["count"] == 1
    assert [event["title"] for event in page["results"]] == ["Public gig"]


def test_a_private_event_is_not_found_by_search_or_creator_for_other_users(
    client: FlaskClient, ada: JsonBody, as_bob: Headers, private_event: JsonBody
) -> None:
    by_search = client.get(f"{EVENTS}?search=surprise", headers=as_bob).get_json()
    by_creator = client.get(f"{EVENTS}?creator={ada['user']['id']}", headers=as_bob).get_json()

    assert by_search["count"] == by_creator["count"] == 0


def test_the_creator_sees_their_private_event(
    client: FlaskClient, as_ada: Headers, private_event: JsonBody
) -> None:
    page = client.get(EVENTS, headers=as_ada).get_json()
    detail = client.get(_event(private_event["id"]), headers=as_ada)

    assert [event["id"] for event in page["results"]] == [private_event["id"]]
    assert detail.status_code == 200
    assert detail.get_json()["is_private"] is True


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "{}/"),
        ("PUT", "{}/"),
        ("DELETE", "{}/"),
        ("POST", "{}/join/"),
        ("POST", "{}/leave/"),
    ],
)
def test_a_private_event_is_a_404_for_other_users_whatever_they_try(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    private_event: JsonBody,
    method: str,
    path: str,
) -> None:
    url = EVENTS + path.format(private_event["id"])

    response = client.open(url, method=method, headers=as_bob, json={"title": "Crashed"})

    assert_error(response, 404, code="not_found")
    after = client.get(_event(private_event["id"]), headers=as_ada).get_json()
    assert after["title"] == "Surprise party"
    assert after["current_participants"] == 1
