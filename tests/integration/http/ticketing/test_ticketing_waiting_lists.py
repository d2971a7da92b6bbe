"""The ticketing API's waiting list, an extension of the seed: a client may ask for
Waitlisted on a sold-out event; it holds no ticket, tickets_remaining never counts it,
and a ticket given back goes to the first in line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from ticketing_api import API, Headers, JsonBody
from werkzeug.test import TestResponse

from eventcore.domain.users import User

Attend = Callable[..., TestResponse]
CreateEvent = Callable[..., JsonBody]
Refused = Callable[..., None]
TicketsLeft = Callable[[int], int | None]


@pytest.fixture
def sold_out(
    create_event: CreateEvent,
    attend: Attend,
    make_person: Callable[..., User],
    log_in: Callable[[User], Headers],
) -> JsonBody:
    """An event of one ticket, bought by Holly."""
    event = create_event(capacity=1, tickets_remaining=1)
    assert attend(event["id"], log_in(make_person("holly"))).status_code == 201
    return event


def _status(client: FlaskClient, event_id: int, headers: Headers) -> list[tuple[int, str]]:
    found = client.get(f"{API}/events/{event_id}/attendees", headers=headers).get_json()
    return [(a["user_id"], a["status"]) for a in found["attendees"]]


def test_a_sold_out_event_takes_a_waitlisted_attendance_without_a_ticket(
    attend: Attend, sold_out: JsonBody, as_user: Headers, user: User, tickets_left: TicketsLeft
) -> None:
    response = attend(sold_out["id"], as_user, "Waitlisted")
    assert response.status_code == 201
    record = response.get_json()["newAttendee"]
    assert (record["user_id"], record["status"]) == (user.id, "Waitlisted")
    assert tickets_left(sold_out["id"]) == 0


def test_waitlisted_is_refused_while_tickets_remain(
    attend: Attend, create_event: CreateEvent, as_user: Headers, refused: Refused
) -> None:
    event = create_event(capacity=3, tickets_remaining=3)
    refused(
        attend(event["id"], as_user, "Waitlisted"),
        400,
        "Tickets remain for this event: register instead of joining the waiting list",
    )


def test_a_ticket_given_back_goes_to_the_first_in_line(
    client: FlaskClient,
    attend: Attend,
    sold_out: JsonBody,
    make_person: Callable[..., User],
    log_in: Callable[[User], Headers],
    as_admin: Headers,
    tickets_left: TicketsLeft,
) -> None:
    first, second = make_person("first"), make_person("second")
    attend(sold_out["id"], log_in(first), "Waitlisted")
    attend(sold_out["id"], log_in(second), "Waitlisted")
    holly = _status(client, sold_out["id"], as_admin)[0][0]
    assert _status(client, sold_out["id"], as_admin) == [
        (holly, "Registered"),
        (first.id, "Waitlisted"),
        (second.id, "Waitlisted"),
    ]

    removed = client.delete(
        f"{API}/events/{sold_out['id']}/attendances", headers=as_admin, json={"user_id": holly}
    )

    assert removed.status_code == 200
    assert _status(client, sold_out["id"], as_admin) == [
        (first.id, "Registered"),
        (second.id, "Waitlisted"),
    ]
    assert tickets_left(sold_out["id"]) == 0


def test_leaving_the_waiting_list_by_status_keeps_the_ticket_count(
    client: FlaskClient,
    attend: Attend,
    sold_out: JsonBody,
    as_user: Headers,
    tickets_left: TicketsLeft,
) -> None:
    attend(sold_out["id"], as_user, "Waitlisted")
    response = client.patch(
        f"{API}/events/{sold_out['id']}/attendances", headers=as_user, json={"status": "Cancelled"}
    )
    assert response.status_code == 200
    assert response.get_json()["updatedAttendance"]["status"] == "Cancelled"
    assert tickets_left(sold_out["id"]) == 0


def test_a_ticket_holder_cannot_trade_it_for_a_place_in_line(
    client: FlaskClient,
    attend: Attend,
    create_event: CreateEvent,
    as_user: Headers,
    refused: Refused,
) -> None:
    event = create_event(capacity=1, tickets_remaining=1)
    attend(event["id"], as_user, "Registered")
    refused(
        client.patch(
            f"{API}/events/{event['id']}/attendances",
            headers=as_user,
            json={"status": "Waitlisted"},
        ),
        400,
        "You are already a participant of this event",
    )
