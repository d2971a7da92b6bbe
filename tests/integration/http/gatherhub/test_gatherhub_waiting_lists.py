"""GatherHub's waiting lists (an eventcore extension): joining a full event stays the
seed's 400, the waitlist endpoints queue and unqueue, the detail shows the standing, and
a freed seat goes to the first in line with its own notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.core import Core
from support.notices import GatherHubEar, Notice

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]
Register = Callable[..., JsonBody]
Bearer = Callable[[JsonBody], Headers]

EVENTS = "/api/v1/events/"


def _path(event_id: int, action: str = "") -> str:
    return f"{EVENTS}{event_id}/{action}"


@pytest.fixture
def full(client: FlaskClient, as_ada: Headers, as_bob: Headers, create_event: CreateEvent) -> int:
    """Ada's event of two places: hers and Bob's."""
    event_id: int = create_event(as_ada, max_participants=2)["id"]
    assert client.post(_path(event_id, "join/"), headers=as_bob).status_code == 200
    return event_id


def test_a_full_event_refuses_a_join_as_documented_and_queues_on_the_waitlist(
    client: FlaskClient, as_carol: Headers, full: int, assert_error: AssertError
) -> None:
    assert_error(client.post(_path(full, "join/"), headers=as_carol), 400, code="event_full")

    response = client.post(_path(full, "waitlist/join/"), headers=as_carol)

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "You are on the waiting list",
        "event": {"id": full, "title": "Jazz night", "current_participants": 2},
        "waiting_count": 1,
        "waitlist_position": 1,
    }


def test_the_detail_shows_how_many_wait_and_where_the_caller_stands(
    client: FlaskClient,
    register: Register,
    bearer: Bearer,
    as_ada: Headers,
    as_carol: Headers,
    full: int,
) -> None:
    as_dan = bearer(register("dan"))
    client.post(_path(full, "waitlist/join/"), headers=as_carol)
    client.post(_path(full, "waitlist/join/"), headers=as_dan)

    seen = {
        who: client.get(_path(full), headers=headers).get_json()
        for who, headers in (("ada", as_ada), ("carol", as_carol), ("dan", as_dan))
    }

    assert {who: (d["waiting_count"], d["waitlist_position"]) for who, d in seen.items()} == {
        "ada": (2, None),
        "carol": (2, 1),
        "dan": (2, 2),
    }
    assert seen["ada"]["current_participants"] == 2
    assert len(seen["ada"]["participants"]) == 2


def test_the_waitlist_says_so_for_a_free_event_a_participant_and_someone_waiting(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    as_carol: Headers,
    full: int,
    create_event: CreateEvent,
    assert_error: AssertError,
) -> None:
    roomy = create_event(as_ada, max_participants=10)["id"]
    body = assert_error(
        client.post(_path(roomy, "waitlist/join/"), headers=as_carol),
        400,
        code="seats_available",
        field="max_participants",
    )
    assert "join it" in body["message"]
    assert_error(
        client.post(_path(full, "waitlist/join/"), headers=as_bob), 400, code="already_participant"
    )
    client.post(_path(full, "waitlist/join/"), headers=as_carol)
    assert_error(
        client.post(_path(full, "waitlist/join/"), headers=as_carol), 400, code="already_waiting"
    )
    assert_error(client.post(_path(999, "waitlist/join/"), headers=as_carol), 404)
    detail = client.get(_path(full), headers=as_carol).get_json()
    assert (detail["waiting_count"], detail["waitlist_position"]) == (1, 1)


def test_leaving_the_waitlist_gives_up_the_place(
    client: FlaskClient, as_carol: Headers, full: int, assert_error: AssertError
) -> None:
    client.post(_path(full, "waitlist/join/"), headers=as_carol)

    response = client.post(_path(full, "waitlist/leave/"), headers=as_carol)

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "You left the waiting list",
        "event": {"id": full, "title": "Jazz night", "current_participants": 2},
        "waiting_count": 0,
        "waitlist_position": None,
    }
    assert_error(
        client.post(_path(full, "waitlist/leave/"), headers=as_carol), 400, code="not_waiting"
    )


def test_a_participant_leaving_promotes_the_first_in_line_who_hears_of_it(
    client: FlaskClient,
    core: Core,
    bob: JsonBody,
    carol: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    as_carol: Headers,
    full: int,
) -> None:
    assert isinstance(core.notifier, InProcessNotifier)
    ear = GatherHubEar(core.notifier)
    client.post(_path(full, "waitlist/join/"), headers=as_carol)

    left = client.post(_path(full, "leave/"), headers=as_bob)

    assert left.get_json()["event"]["current_participants"] == 2
    detail = client.get(_path(full), headers=as_carol).get_json()
    assert [p["id"] for p in detail["participants"]] == [
        detail["creator"]["id"],
        carol["user"]["id"],
    ]
    assert (detail["waiting_count"], detail["waitlist_position"]) == (0, None)
    facts = {"id": full, "title": "Jazz night", "current_participants": 2}
    carol_id = carol["user"]["id"]
    assert ear.published[-3:] == [
        Notice("event_left", {**facts, "user_id": bob["user"]["id"]}),
        Notice("event_joined", {**facts, "user_id": carol_id}),
        Notice("waitlist_promoted", {**facts, "user_id": carol_id}, frozenset({carol_id})),
    ]


def test_raising_max_participants_seats_the_waiting_in_order(
    client: FlaskClient,
    register: Register,
    bearer: Bearer,
    as_ada: Headers,
    full: int,
) -> None:
    waiting = [bearer(register(name)) for name in ("dan", "eve", "fay")]
    for headers in waiting:
        client.post(_path(full, "waitlist/join/"), headers=headers)

    updated = client.patch(_path(full), headers=as_ada, json={"max_participants": 4})

    assert updated.get_json()["current_participants"] == 4
    standings = [
        client.get(_path(full), headers=headers).get_json()["waitlist_position"]
        for headers in waiting
    ]
    assert standings == [None, None, 1]
