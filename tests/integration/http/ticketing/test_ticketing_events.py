"""/api/events: anyone lists and reads events; moderators and admins create, change and
delete them; everyone else is told "Access denied"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from ticketing_api import API, EVENT_KEYS, Headers, JsonBody, Tables

from eventcore.domain.events import EventImage
from eventcore.domain.users import User
from eventcore.domain.views import EventView

Refused = Callable[..., None]
Snapshot = Callable[[], Tables]
EventBody = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]
MadeElsewhere = Callable[..., EventView]


def test_a_created_event_reads_back_exactly_as_the_seed_shows_it(
    client: FlaskClient, as_moderator: Headers, moderator: User, event_body: EventBody
) -> None:
    response = client.post(
        f"{API}/events", headers=as_moderator, json=event_body(owner_id=moderator.id)
    )
    expected = {"id": 1, "owner_id": moderator.id, **event_body()}
    assert response.status_code == 201
    assert response.get_json() == {"newEvent": expected}
    assert client.get(f"{API}/events/1").get_json() == {"event": expected}
    assert client.get(f"{API}/events").get_json() == {"events": [expected]}


def test_an_admin_creates_events_too(
    client: FlaskClient, as_admin: Headers, event_body: EventBody
) -> None:
    assert client.post(f"{API}/events", headers=as_admin, json=event_body()).status_code == 201


def test_users_may_not_create_events(
    client: FlaskClient,
    refused: Refused,
    as_user: Headers,
    event_body: EventBody,
    snapshot: Snapshot,
) -> None:
    before = snapshot()
    refused(client.post(f"{API}/events", headers=as_user, json=event_body()), 403, "Access denied")
    assert snapshot() == before


def test_creating_needs_a_token(
    client: FlaskClient, refused: Refused, event_body: EventBody
) -> None:
    refused(client.post(f"{API}/events", json=event_body()), 401, "Token missing")


def test_only_title_and_start_are_needed(client: FlaskClient, as_moderator: Headers) -> None:
    response = client.post(
        f"{API}/events",
        headers=as_moderator,
        json={"title": "Meetup", "start_datetime": "2030-01-01T18:00:00Z"},
    )
    assert response.status_code == 201
    created = response.get_json()["newEvent"]
    assert set(created) == EVENT_KEYS
    assert (
        created["capacity"],
        created["tickets_remaining"],
        created["category"],
        created["price"],
        created["photo_1_url"],
    ) == (None, None, None, None, None)


def test_tickets_remaining_alone_sets_the_capacity(
    client: FlaskClient, create_event: CreateEvent
) -> None:
    created = create_event(capacity=None, tickets_remaining=40)
    assert (created["capacity"], created["tickets_remaining"]) == (40, 40)


def test_later_photos_move_up_into_empty_slots(create_event: CreateEvent) -> None:
    created = create_event(
        photo_1_url=None, photo_2_url="https://example.com/b.jpg", photo_3_url=None
    )
    assert [created[f"photo_{n}_url"] for n in (1, 2, 3)] == [
        "https://example.com/b.jpg",
        None,
        None,
    ]


def test_naive_datetimes_are_read_in_the_configured_zone(create_event: CreateEvent) -> None:
    created = create_event(start_datetime="2030-06-01T10:00:00", end_datetime=None)
    assert created["start_datetime"] == "2030-06-01T10:00:00Z"


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"title": None}, "title may not be null"),
        ({"title": ""}, "title must have between 1 and 200 characters"),
        ({"title": "   "}, "title may not be blank"),
        (
            {"start_datetime": "tomorrow"},
            "start_datetime must be an ISO 8601 date and time, like 2023-06-01T10:00:00Z",
        ),
        ({"end_datetime": "2030-06-01T09:00:00Z"}, "end_datetime must be after the start"),
        ({"category": "Bake Sale"}, "category must be one of: Job Fair"),
        ({"location_type": "Moon"}, "location_type must be one of In-Person, Remote"),
        ({"price": -1}, "price must be between 0 and 99999999"),
        ({"price": "ten"}, "price must be a number"),
        ({"capacity": 0}, "capacity must be between 1 and 1000000"),
        ({"capacity": 10.5}, "capacity must be a whole number"),
        ({"capacity": True}, "capacity must be a whole number"),
        (
            {"tickets_remaining": 7},
            "tickets_remaining must equal capacity minus the 0 tickets already taken (100)",
        ),
        ({"owner_id": 999}, "owner_id must be {me}: an event belongs to the one who created it"),
        ({"photo_1_url": 5}, "photo_1_url must be text"),
        ({"city": "x" * 256}, "city must have at most 255 characters"),
    ],
)
def test_invalid_events_are_refused_in_plain_words_and_change_nothing(
    client: FlaskClient,
    refused: Refused,
    as_moderator: Headers,
    moderator: User,
    event_body: EventBody,
    snapshot: Snapshot,
    overrides: JsonBody,
    text: str,
) -> None:
    before = snapshot()
    response = client.post(f"{API}/events", headers=as_moderator, json=event_body(**overrides))
    refused(response, 400, f"Bad Request: {text.format(me=moderator.id)}")
    assert snapshot() == before


@pytest.mark.parametrize("missing", ["title", "start_datetime"])
def test_title_and_start_are_required(
    client: FlaskClient,
    refused: Refused,
    as_moderator: Headers,
    event_body: EventBody,
    missing: str,
) -> None:
    body = event_body()
    del body[missing]
    refused(
        client.post(f"{API}/events", headers=as_moderator, json=body),
        400,
        f"Bad Request: {missing} is required",
    )


def test_a_category_unknown_when_there_are_none_says_so(
    client: FlaskClient, refused: Refused, as_moderator: Headers
) -> None:
    response = client.post(
        f"{API}/events",
        headers=as_moderator,
        json={"title": "Fair", "start_datetime": "2030-01-01T10:00:00Z", "category": "Job Fair"},
    )
    refused(response, 400, "Bad Request: category names no category (there are none yet)")


# Reading ---------------------------------------------------------------------


def test_events_are_listed_soonest_first_for_anyone(
    client: FlaskClient, create_event: CreateEvent
) -> None:
    create_event(title="Later", start_datetime="2031-01-01T10:00:00Z", end_datetime=None)
    create_event(title="Sooner", start_datetime="2030-01-01T10:00:00Z", end_datetime=None)
    response = client.get(f"{API}/events")
    assert response.status_code == 200
    assert [e["title"] for e in response.get_json()["events"]] == ["Sooner", "Later"]
    assert response.headers["X-Total-Count"] == "2"


def test_without_a_page_the_list_holds_every_public_event(
    client: FlaskClient, create_event: CreateEvent
) -> None:
    for n in range(101):
        create_event(title=f"Event {n}")

    everything = client.get(f"{API}/events")
    first_page = client.get(f"{API}/events?limit=100")
    second_page = client.get(f"{API}/events?page=2")

    assert len(everything.get_json()["events"]) == 101
    assert everything.headers["X-Total-Count"] == "101"
    assert len(first_page.get_json()["events"]) == 100
    assert [e["title"] for e in second_page.get_json()["events"]] == ["Event 100"]


def test_the_list_comes_in_pages_of_at_most_a_hundred(
    client: FlaskClient, create_event: CreateEvent, refused: Refused
) -> None:
    for n in range(3):
        create_event(title=f"Event {n}")
    second = client.get(f"{API}/events?page=2&limit=2")
    assert [e["title"] for e in second.get_json()["events"]] == ["Event 2"]
    assert second.headers["X-Total-Count"] == "3"
    refused(
        client.get(f"{API}/events?limit=101"), 400, "Bad Request: limit must be between 1 and 100"
    )
    refused(client.get(f"{API}/events?page=x"), 400, "Bad Request: page must be a whole number")


def test_private_events_of_other_apis_are_not_shown(
    client: FlaskClient, made_elsewhere: MadeElsewhere, refused: Refused
) -> None:
    view = made_elsewhere("Family dinner", is_private=True)
    assert client.get(f"{API}/events").get_json() == {"events": []}
    refused(client.get(f"{API}/events/{view.event.id}"), 404, "Event not found")


def test_an_image_stored_here_is_shown_by_its_absolute_url(
    client: FlaskClient, made_elsewhere: MadeElsewhere
) -> None:
    # An image uploaded through another API is stored by its key in the media store.
    images = (EventImage("events/1.png"), EventImage("https://img.example.org/2.png"))
    view = made_elsewhere("Picnic", images=images)
    shown = client.get(f"{API}/events/{view.event.id}").get_json()["event"]
    listed = client.get(f"{API}/events").get_json()["events"][0]

    expected = ("http://localhost/media/events/1.png", "https://img.example.org/2.png", None)
    for event in (shown, listed):
        assert (event["photo_1_url"], event["photo_2_url"], event["photo_3_url"]) == expected


def test_reading_an_event_by_a_bad_or_unknown_id(client: FlaskClient, refused: Refused) -> None:
    refused(client.get(f"{API}/events/abc"), 400, "Bad Request: id must be a number")
    refused(client.get(f"{API}/events/42"), 404, "Event not found")


# Changing --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_moderator", "as_admin"])
def test_staff_change_any_event(
    client: FlaskClient, request: pytest.FixtureRequest, create_event: CreateEvent, who: str
) -> None:
    event = create_event()
    response = client.patch(
        f"{API}/events/{event['id']}",
        headers=request.getfixturevalue(who),
        json={
            "title": "Updated Event Title",
            "description": "Updated Description",
            "end_datetime": "2030-06-01T12:00:00Z",
        },
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "updatedEvent": {
            **event,
            "title": "Updated Event Title",
            "description": "Updated Description",
            "end_datetime": "2030-06-01T12:00:00Z",
        }
    }


def test_sending_back_the_whole_event_is_accepted_except_its_id(
    client: FlaskClient, refused: Refused, as_moderator: Headers, create_event: CreateEvent
) -> None:
    event = create_event()
    echoed = {key: value for key, value in event.items() if key != "id"}
    response = client.patch(f"{API}/events/{event['id']}", headers=as_moderator, json=echoed)
    assert response.get_json() == {"updatedEvent": event}
    refused(
        client.patch(f"{API}/events/{event['id']}", headers=as_moderator, json=event),
        400,
        "Bad Request: id is not a field you can change",
    )


def test_a_photo_slot_is_replaced_or_emptied(
    client: FlaskClient, as_moderator: Headers, create_event: CreateEvent
) -> None:
    event = create_event()
    response = client.patch(
        f"{API}/events/{event['id']}",
        headers=as_moderator,
        json={"photo_1_url": None, "photo_3_url": "https://x.org/new.jpg"},
    )
    updated = response.get_json()["updatedEvent"]
    assert [updated[f"photo_{n}_url"] for n in (1, 2, 3)] == [
        "https://example.com/test-image2.jpg",
        "https://x.org/new.jpg",
        None,
    ]


def test_setting_tickets_remaining_moves_the_capacity_past_the_tickets_taken(
    client: FlaskClient,
    as_moderator: Headers,
    as_user: Headers,
    create_event: CreateEvent,
    attend: Callable[..., Any],
) -> None:
    event = create_event(capacity=10, tickets_remaining=10)
    attend(event["id"], as_user)
    response = client.patch(
        f"{API}/events/{event['id']}", headers=as_moderator, json={"tickets_remaining": 4}
    )
    updated = response.get_json()["updatedEvent"]
    assert (updated["capacity"], updated["tickets_remaining"]) == (5, 4)


def test_the_capacity_cannot_drop_below_the_tickets_taken(
    client: FlaskClient,
    refused: Refused,
    as_moderator: Headers,
    as_user: Headers,
    as_other: Headers,
    create_event: CreateEvent,
    attend: Callable[..., Any],
    snapshot: Snapshot,
) -> None:
    event = create_event(capacity=5, tickets_remaining=5)
    attend(event["id"], as_user)
    attend(event["id"], as_other)
    before = snapshot()
    response = client.patch(
        f"{API}/events/{event['id']}", headers=as_moderator, json={"capacity": 1}
    )
    refused(response, 400, "Bad Request: capacity cannot be below the 2 seats already taken")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"category": "Bake Sale"}, "category must be one of: Job Fair"),
        ({"colour": "red"}, "colour is not a field you can change"),
        ({"owner_id": 999}, "owner_id must be {me}: an event belongs to the one who created it"),
        ({"start_datetime": "2030-06-01T12:00:00Z"}, "end_datetime must be after the start"),
        ({"title": None}, "title may not be null"),
    ],
)
def test_invalid_changes_are_refused_and_change_nothing(
    client: FlaskClient,
    refused: Refused,
    as_moderator: Headers,
    moderator: User,
    create_event: CreateEvent,
    snapshot: Snapshot,
    body: JsonBody,
    text: str,
) -> None:
    event = create_event()
    before = snapshot()
    refused(
        client.patch(f"{API}/events/{event['id']}", headers=as_moderator, json=body),
        400,
        f"Bad Request: {text.format(me=moderator.id)}",
    )
    assert snapshot() == before


def test_users_may_not_change_events(
    client: FlaskClient, refused: Refused, as_user: Headers, create_event: CreateEvent
) -> None:
    event = create_event()
    refused(
        client.patch(f"{API}/events/{event['id']}", headers=as_user, json={"title": "Mine"}),
        403,
        "Access denied",
    )
    refused(
        client.patch(f"{API}/events/{event['id']}", json={"title": "Mine"}), 401, "Token missing"
    )


def test_a_gatherhub_creator_who_is_no_staff_manages_their_event_only_there(
    client: FlaskClient, made_elsewhere: MadeElsewhere, refused: Refused, as_user: Headers
) -> None:
    view = made_elsewhere("Picnic")
    refused(
        client.patch(f"{API}/events/{view.event.id}", headers=as_user, json={"title": "x"}),
        403,
        "Access denied",
    )
    refused(client.delete(f"{API}/events/{view.event.id}", headers=as_user), 403, "Access denied")


def test_changing_a_bad_or_unknown_event_id(
    client: FlaskClient, refused: Refused, as_moderator: Headers
) -> None:
    refused(
        client.patch(f"{API}/events/x", headers=as_moderator, json={"title": "t"}),
        400,
        "Bad Request: id must be a number",
    )
    refused(
        client.patch(f"{API}/events/9", headers=as_moderator, json={"title": "t"}),
        404,
        "Event not found",
    )


# Deleting --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_moderator", "as_admin"])
def test_staff_delete_events(
    client: FlaskClient,
    refused: Refused,
    request: pytest.FixtureRequest,
    create_event: CreateEvent,
    who: str,
) -> None:
    event = create_event()
    response = client.delete(f"{API}/events/{event['id']}", headers=request.getfixturevalue(who))
    assert response.status_code == 200
    assert response.get_json() == {}
    refused(client.get(f"{API}/events/{event['id']}"), 404, "Event not found")


def test_users_may_not_delete_events(
    client: FlaskClient,
    refused: Refused,
    as_user: Headers,
    create_event: CreateEvent,
    snapshot: Snapshot,
) -> None:
    event = create_event()
    before = snapshot()
    refused(client.delete(f"{API}/events/{event['id']}", headers=as_user), 403, "Access denied")
    refused(client.delete(f"{API}/events/{event['id']}"), 401, "Token missing")
    assert snapshot() == before


def test_deleting_a_bad_or_unknown_event_id(
    client: FlaskClient, refused: Refused, as_moderator: Headers
) -> None:
    refused(
        client.delete(f"{API}/events/abc", headers=as_moderator),
        400,
        "Bad Request: id must be a number",
    )
    refused(client.delete(f"{API}/events/9", headers=as_moderator), 404, "Event not found")
