"""Attendance: Interested or Registered (or Waitlisted, an extension: see
test_ticketing_waiting_lists.py), a registered attendance takes a ticket, a sold-out
event refuses registrations, and the attendee lists are for the right people only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from ticketing_api import API, ATTENDANCE_KEYS, Headers, JsonBody, Tables
from werkzeug.test import TestResponse

from eventcore.domain.users import User
from eventcore.domain.views import EventView

Refused = Callable[..., None]
Snapshot = Callable[[], Tables]
CreateEvent = Callable[..., JsonBody]
Attend = Callable[..., TestResponse]
TicketsLeft = Callable[[int], int | None]
SOLD_OUT = "Sold out: there are no tickets remaining for this event"
NO_RECORD = "No record of Attendance between the user and event provided"
NOT_YOURS = "Unauthorized: You are not authorized to delete this attendance"


@pytest.fixture
def event(create_event: CreateEvent) -> JsonBody:
    return create_event(capacity=2, tickets_remaining=2)


def _record(event_id: int, user: User, status: str, seed_time: Callable[..., str]) -> JsonBody:
    return {
        "event_id": event_id,
        "user_id": user.id,
        "status": status,
        "registered_at": seed_time(),
    }


# Creating --------------------------------------------------------------------


@pytest.mark.parametrize("status", ["Interested", "Registered"])
@pytest.mark.parametrize("who", ["user", "moderator", "admin"])
def test_every_role_starts_attending(
    request: pytest.FixtureRequest,
    log_in: Callable[[User], Headers],
    attend: Attend,
    event: JsonBody,
    seed_time: Callable[..., str],
    who: str,
    status: str,
) -> None:
    person: User = request.getfixturevalue(who)
    response = attend(event["id"], log_in(person), status)
    assert response.status_code == 201
    assert response.get_json() == {"newAttendee": _record(event["id"], person, status, seed_time)}


def test_registering_takes_a_ticket_and_interest_does_not(
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    as_other: Headers,
    tickets_left: TicketsLeft,
) -> None:
    attend(event["id"], as_user, "Interested")
    assert tickets_left(event["id"]) == 2
    attend(event["id"], as_other, "Registered")
    assert tickets_left(event["id"]) == 1


def test_a_sold_out_event_refuses_registration_and_changes_nothing(
    attend: Attend,
    event: JsonBody,
    refused: Refused,
    make_person: Callable[..., User],
    log_in: Callable[[User], Headers],
    snapshot: Snapshot,
    tickets_left: TicketsLeft,
) -> None:
    for name in ("ann", "ben"):
        assert attend(event["id"], log_in(make_person(name))).status_code == 201
    late = log_in(make_person("cat"))
    before = snapshot()
    refused(attend(event["id"], late), 400, SOLD_OUT)
    assert snapshot() == before
    assert tickets_left(event["id"]) == 0
    assert attend(event["id"], late, "Interested").status_code == 201


def test_a_second_attendance_of_the_same_event_is_refused(
    attend: Attend, event: JsonBody, as_user: Headers, refused: Refused
) -> None:
    attend(event["id"], as_user, "Interested")
    refused(
        attend(event["id"], as_user, "Registered"),
        400,
        "User has already registered for this event",
    )


@pytest.mark.parametrize("status", ["Cancelled", "Going", None, 3])
def test_starting_with_another_status_is_refused(
    attend: Attend, event: JsonBody, as_user: Headers, refused: Refused, status: Any
) -> None:
    refused(
        attend(event["id"], as_user, status),
        400,
        "Bad Request: status must be 'Interested', 'Registered' or 'Waitlisted'",
    )


def test_attending_an_unknown_or_malformed_event(
    attend: Attend, as_user: Headers, refused: Refused
) -> None:
    refused(attend(999, as_user), 404, "Bad Request: Event not found")
    refused(attend("abc", as_user), 400, "Bad Request: id must be a number")  # type: ignore[arg-type]


def test_attending_needs_a_token(attend: Attend, event: JsonBody, refused: Refused) -> None:
    refused(attend(event["id"], {}), 401, "Token missing")


# Changing the status ---------------------------------------------------------


def _patch(client: FlaskClient, event_id: Any, headers: Headers, status: Any) -> TestResponse:
    return client.patch(
        f"{API}/events/{event_id}/attendances", headers=headers, json={"status": status}
    )


def test_moving_to_registered_takes_a_ticket_and_cancelling_gives_it_back(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    user: User,
    tickets_left: TicketsLeft,
    seed_time: Callable[..., str],
) -> None:
    attend(event["id"], as_user, "Interested")
    registered = _patch(client, event["id"], as_user, "Registered")
    assert registered.status_code == 200
    assert registered.get_json() == {
        "updatedAttendance": _record(event["id"], user, "Registered", seed_time)
    }
    assert tickets_left(event["id"]) == 1
    assert _patch(client, event["id"], as_user, "Cancelled").status_code == 200
    assert tickets_left(event["id"]) == 2
    assert _patch(client, event["id"], as_user, "Interested").status_code == 200
    assert tickets_left(event["id"]) == 2


def test_the_same_status_again_takes_no_second_ticket(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    tickets_left: TicketsLeft,
) -> None:
    attend(event["id"], as_user)
    assert _patch(client, event["id"], as_user, "Registered").status_code == 200
    assert tickets_left(event["id"]) == 1


def test_moving_to_registered_when_sold_out_is_refused(
    client: FlaskClient,
    attend: Attend,
    create_event: CreateEvent,
    as_user: Headers,
    as_other: Headers,
    refused: Refused,
    snapshot: Snapshot,
) -> None:
    event = create_event(capacity=1, tickets_remaining=1)
    attend(event["id"], as_user)
    attend(event["id"], as_other, "Interested")
    before = snapshot()
    refused(_patch(client, event["id"], as_other, "Registered"), 400, SOLD_OUT)
    assert snapshot() == before


@pytest.mark.parametrize("status", ["Gone", None, 1])
def test_an_unknown_status_gets_the_documented_message(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    refused: Refused,
    status: Any,
) -> None:
    attend(event["id"], as_user, "Interested")
    refused(
        _patch(client, event["id"], as_user, status),
        400,
        "Bad Request: status must be 'Interested', 'Registered', 'Cancelled' or 'Waitlisted'",
    )


def test_changing_an_attendance_that_does_not_exist(
    client: FlaskClient, event: JsonBody, as_user: Headers, refused: Refused
) -> None:
    refused(_patch(client, event["id"], as_user, "Registered"), 404, NO_RECORD)
    refused(_patch(client, 999, as_user, "Registered"), 404, NO_RECORD)
    refused(_patch(client, "x", as_user, "Registered"), 400, "Bad Request: id must be a number")
    refused(_patch(client, event["id"], {}, "Registered"), 401, "Token missing")


# Deleting --------------------------------------------------------------------


def _delete(client: FlaskClient, event_id: Any, headers: Headers, body: JsonBody) -> TestResponse:
    return client.delete(f"{API}/events/{event_id}/attendances", headers=headers, json=body)


def test_a_user_deletes_their_attendance_and_the_ticket_comes_back(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    user: User,
    tickets_left: TicketsLeft,
) -> None:
    attend(event["id"], as_user)
    response = _delete(client, event["id"], as_user, {"user_id": user.id})
    assert response.status_code == 200
    assert response.get_json() == {"msg": "Attendance Deleted"}
    assert tickets_left(event["id"]) == 2


def test_an_admin_deletes_anyones_attendance(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    user: User,
    as_admin: Headers,
) -> None:
    attend(event["id"], as_user)
    assert _delete(client, event["id"], as_admin, {"user_id": user.id}).status_code == 200


@pytest.mark.parametrize("who", ["as_other", "as_moderator"])
def test_others_may_not_delete_an_attendance(
    client: FlaskClient,
    request: pytest.FixtureRequest,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    user: User,
    refused: Refused,
    snapshot: Snapshot,
    who: str,
) -> None:
    attend(event["id"], as_user)
    headers = request.getfixturevalue(who)
    before = snapshot()
    refused(_delete(client, event["id"], headers, {"user_id": user.id}), 401, NOT_YOURS)
    assert snapshot() == before


def test_deleting_needs_a_user_id(
    client: FlaskClient, event: JsonBody, as_user: Headers, refused: Refused
) -> None:
    refused(_delete(client, event["id"], as_user, {}), 400, "Bad Request: user_id must be provided")
    refused(
        _delete(client, event["id"], as_user, {"user_id": "me"}),
        400,
        "Bad Request: user_id must be a whole number",
    )


def test_deleting_an_attendance_that_does_not_exist(
    client: FlaskClient, event: JsonBody, as_admin: Headers, admin: User, refused: Refused
) -> None:
    refused(_delete(client, event["id"], as_admin, {"user_id": 999}), 404, NO_RECORD)
    refused(_delete(client, 999, as_admin, {"user_id": admin.id}), 404, NO_RECORD)
    refused(
        _delete(client, "x", as_admin, {"user_id": admin.id}),
        400,
        "Bad Request: id must be a number",
    )
    refused(_delete(client, event["id"], {}, {"user_id": admin.id}), 401, "Token missing")


def test_the_organizer_of_a_gatherhub_event_stays_registered(
    client: FlaskClient,
    made_elsewhere: Callable[..., EventView],
    user: User,
    as_user: Headers,
    as_admin: Headers,
    refused: Refused,
) -> None:
    view = made_elsewhere("Picnic", capacity=3)
    event_id = view.event.id
    refused(
        _patch(client, event_id, as_user, "Cancelled"),
        403,
        "The event creator stays registered for their own event",
    )
    refused(
        _delete(client, event_id, as_admin, {"user_id": user.id}),
        403,
        "The event creator's own attendance cannot be removed",
    )


# Lists -----------------------------------------------------------------------


def test_an_admin_lists_every_attendance_of_an_event(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    user: User,
    as_other: Headers,
    other: User,
    as_admin: Headers,
    seed_time: Callable[..., str],
) -> None:
    attend(event["id"], as_user, "Interested")
    attend(event["id"], as_other, "Registered")
    response = client.get(f"{API}/events/{event['id']}/attendees", headers=as_admin)
    assert response.status_code == 200
    assert response.get_json() == {
        "attendees": [
            _record(event["id"], user, "Interested", seed_time),
            _record(event["id"], other, "Registered", seed_time),
        ]
    }


def test_an_event_nobody_attends_has_an_empty_list(
    client: FlaskClient, event: JsonBody, as_admin: Headers
) -> None:
    response = client.get(f"{API}/events/{event['id']}/attendees", headers=as_admin)
    assert response.get_json() == {"attendees": []}


@pytest.mark.parametrize("who", ["as_user", "as_moderator"])
def test_only_admins_list_attendees(
    client: FlaskClient,
    request: pytest.FixtureRequest,
    event: JsonBody,
    refused: Refused,
    who: str,
) -> None:
    refused(
        client.get(f"{API}/events/{event['id']}/attendees", headers=request.getfixturevalue(who)),
        403,
        "Access denied",
    )


def test_attendees_of_an_unknown_or_malformed_event(
    client: FlaskClient, as_admin: Headers, refused: Refused
) -> None:
    refused(
        client.get(f"{API}/events/999/attendees", headers=as_admin),
        404,
        "Bad Request: Event not found",
    )
    refused(
        client.get(f"{API}/events/abc/attendees", headers=as_admin),
        400,
        "Bad Request: id must be a number",
    )
    refused(client.get(f"{API}/events/1/attendees"), 401, "Token missing")


def test_a_user_and_an_admin_see_the_users_attendances(
    client: FlaskClient,
    attend: Attend,
    create_event: CreateEvent,
    as_user: Headers,
    user: User,
    as_admin: Headers,
    seed_time: Callable[..., str],
) -> None:
    first, second = create_event(), create_event(title="Second")
    attend(first["id"], as_user, "Registered")
    attend(second["id"], as_user, "Interested")
    expected = {
        "attendances": [
            _record(first["id"], user, "Registered", seed_time),
            _record(second["id"], user, "Interested", seed_time),
        ]
    }
    for headers in (as_user, as_admin):
        response = client.get(f"{API}/users/{user.id}/attendances", headers=headers)
        assert response.status_code == 200
        assert response.get_json() == expected
        assert all(set(a) == ATTENDANCE_KEYS for a in response.get_json()["attendances"])


@pytest.mark.parametrize("who", ["as_other", "as_moderator"])
def test_others_do_not_see_a_users_attendances(
    client: FlaskClient,
    request: pytest.FixtureRequest,
    user: User,
    refused: Refused,
    who: str,
) -> None:
    refused(
        client.get(f"{API}/users/{user.id}/attendances", headers=request.getfixturevalue(who)),
        403,
        "Access denied",
    )


def test_attendances_of_an_unknown_or_malformed_user(
    client: FlaskClient, as_admin: Headers, user: User, refused: Refused
) -> None:
    refused(client.get(f"{API}/users/999/attendances", headers=as_admin), 404, "User not found")
    refused(client.get(f"{API}/users/abc/attendances", headers=as_admin), 400, "Bad Request")
    refused(client.get(f"{API}/users/{user.id}/attendances"), 401, "Token missing")


def test_deleting_an_event_deletes_its_attendances(
    client: FlaskClient,
    attend: Attend,
    event: JsonBody,
    as_user: Headers,
    user: User,
    as_moderator: Headers,
) -> None:
    attend(event["id"], as_user)
    client.delete(f"{API}/events/{event['id']}", headers=as_moderator)
    response = client.get(f"{API}/users/{user.id}/attendances", headers=as_user)
    assert response.get_json() == {"attendances": []}
