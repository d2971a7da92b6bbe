"""SocialCalendar events on memory, SQLite and PostgreSQL: the month calendar, /event
read, create, change and delete, leaving a group event; the seed's status codes; and
the same events seen from the other APIs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from socialcalendar_api import GROUP_EVENT, Person, id_token

from eventcore.core import Core
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.usecases import events


def test_a_group_event_is_made_with_its_chat_and_its_creator_as_first_member(
    ada: Person,
) -> None:
    event_id = ada.create()

    event = ada.get(f"/event?id={event_id}").get_json()

    assert event == {
        "id": event_id,
        "name": "Board games",
        "is_private": "true",
        "datetime": "23.11.2030 19:00",
        "address": "Ada's flat",
        "description": "Bring snacks",
        "icon": "http://localhost/socialcalendar/load_icon/bell.svg",
        "member_id_list": [ada.id],
        "chat_id": event["chat_id"],
    }
    chat = ada.get(f"/chat?id={event['chat_id']}").get_json()
    assert chat == {"id": event["chat_id"], "msg_id_list": [], "event_id": event_id}


def test_a_single_event_has_no_members_or_chat(ada: Person) -> None:
    event_id = ada.create(type="single", is_private=False, icon="coctail.svg")

    event = ada.get(f"/event?id={event_id}").get_json()

    assert "member_id_list" not in event
    assert "chat_id" not in event
    assert event["is_private"] == "false"
    assert ada.get("/chats").get_json() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"datetime": "31.02.2030 19:00"}, "datetime"),
        ({"datetime": "2030-11-23T19:00:00"}, "datetime"),
        ({"datetime": "tomorrow evening"}, "datetime"),
        ({"datetime": "23.11.2030"}, "datetime"),
        ({"is_private": "yes"}, "is_private"),
        ({"type": "party"}, "type"),
        ({"icon": "rocket.svg"}, "icon"),
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"address": 5}, "address"),
    ],
)
def test_a_bad_event_body_is_400_naming_the_field_and_makes_nothing(
    ada: Person, refused: Callable[..., Any], changes: dict[str, Any], field: str
) -> None:
    refused(ada.post("/event", json={**GROUP_EVENT, **changes}), 400, field)

    assert ada.get("/user").get_json()["event_id_list"] == []


@pytest.mark.parametrize("missing", ["type", "name", "is_private", "datetime", "address", "icon"])
def test_every_field_but_the_description_is_required(
    ada: Person, refused: Callable[..., Any], missing: str
) -> None:
    body = {name: value for name, value in GROUP_EVENT.items() if name != missing}
    refused(ada.post("/event", json=body), 400, missing)


def test_is_private_may_be_a_real_boolean_and_the_description_left_out(ada: Person) -> None:
    body = {name: value for name, value in GROUP_EVENT.items() if name != "description"}
    response = ada.post("/event", json={**body, "is_private": True})
    assert response.status_code == 200
    event_id = response.get_json()["id"]

    event = ada.get(f"/event?id={event_id}").get_json()
    assert event["is_private"] == "true"
    assert event["description"] == ""


def test_reading_an_event_status_codes(
    ada: Person, bob: Person, refused: Callable[..., Any]
) -> None:
    private = ada.create(is_private="true")
    public = ada.create(is_private="false")

    refused(ada.get("/event"), 400, "id")
    refused(ada.get("/event?id=x1"), 400, "id")
    refused(ada.get("/event?id=424242"), 404)
    refused(bob.get(f"/event?id={private}"), 403)
    assert bob.get(f"/event?id={public}").status_code == 200


def test_the_owner_changes_an_event_and_a_group_event_keeps_members_and_chat(
    ada: Person, bob: Person
) -> None:
    event_id = ada.create()
    ada.invite(bob, event_id)
    bob.accept_all()
    before = ada.get(f"/event?id={event_id}").get_json()

    response = ada.put(
        "/event",
        json={"id": event_id, "type": "group", "name": "Chess", "datetime": "24.11.2030 18:30"},
    )

    assert response.status_code == 204
    assert response.data == b""
    after = ada.get(f"/event?id={event_id}").get_json()
    assert after["name"] == "Chess"
    assert after["datetime"] == "24.11.2030 18:30"
    assert after["member_id_list"] == before["member_id_list"] == [ada.id, bob.id]
    assert after["chat_id"] == before["chat_id"]
    assert after["address"] == before["address"]


def test_changing_an_event_status_codes(
    ada: Person, bob: Person, refused: Callable[..., Any]
) -> None:
    event_id = ada.create(is_private="false")

    refused(ada.put("/event", json={"type": "group", "name": "x"}), 400, "id")
    refused(ada.put("/event", json={"id": event_id, "name": "x"}), 400, "type")
    refused(ada.put("/event", json={"id": "424242", "type": "group"}), 404)
    # A mixed-up type: there is no single event with this id (the seed's 404).
    refused(ada.put("/event", json={"id": event_id, "type": "single", "name": "x"}), 404)
    refused(bob.put("/event", json={"id": event_id, "type": "group", "name": "mine"}), 403)
    refused(
        ada.put("/event", json={"id": event_id, "type": "group", "datetime": "1.1.2030"}),
        400,
        "datetime",
    )
    assert ada.get(f"/event?id={event_id}").get_json()["name"] == "Board games"


def test_deleting_an_event_status_codes(
    ada: Person, bob: Person, refused: Callable[..., Any]
) -> None:
    event_id = ada.create(is_private="false")

    refused(ada.delete("/event"), 400, "id")
    refused(ada.delete("/event?id=abc"), 400, "id")
    refused(ada.delete("/event?id=424242"), 404)
    refused(bob.delete(f"/event?id={event_id}"), 403)

    assert ada.delete(f"/event?id={event_id}").status_code == 204
    refused(ada.get(f"/event?id={event_id}"), 404)
    assert ada.get("/chats").get_json() == []


def test_leaving_a_group_event(
    ada: Person, bob: Person, eve: Person, refused: Callable[..., Any]
) -> None:
    event_id = ada.create()
    ada.invite(bob, event_id)
    bob.accept_all()

    refused(eve.delete(f"/event/group/leave?id={event_id}"), 403)
    refused(ada.delete(f"/event/group/leave?id={event_id}"), 403)  # the creator, others stay
    refused(bob.delete("/event/group/leave"), 400, "id")
    refused(bob.delete("/event/group/leave?id=424242"), 404)

    assert bob.delete(f"/event/group/leave?id={event_id}").status_code == 204
    assert ada.get(f"/event?id={event_id}").get_json()["member_id_list"] == [ada.id]
    refused(bob.get(f"/event?id={event_id}"), 403)  # private, and Bob is no member now
    refused(bob.delete(f"/event/group/leave?id={event_id}"), 403)


def test_the_last_member_leaving_deletes_the_event(
    ada: Person, refused: Callable[..., Any]
) -> None:
    event_id = ada.create()

    assert ada.delete(f"/event/group/leave?id={event_id}").status_code == 204

    refused(ada.get(f"/event?id={event_id}"), 404)


def test_a_single_event_cannot_be_left(ada: Person, refused: Callable[..., Any]) -> None:
    event_id = ada.create(type="single")
    refused(ada.delete(f"/event/group/leave?id={event_id}"), 404)
    assert ada.get(f"/event?id={event_id}").status_code == 200


# --- the month calendar ----------------------------------------------------------


def test_the_month_shows_the_callers_events_keyed_by_day(ada: Person, bob: Person) -> None:
    first = ada.create(datetime="01.11.2030 09:00")
    late = ada.create(datetime="30.11.2030 23:59", type="single", is_private="false")
    ada.create(datetime="01.12.2030 00:00")
    ada.create(datetime="31.10.2030 23:59")
    bob.create(datetime="15.11.2030 12:00", is_private="true")  # Bob's, private
    bob.create(datetime="16.11.2030 12:00", is_private="false")  # Bob's: not Ada's plan

    month = ada.get("/events?year=2030&month=11")

    assert month.status_code == 200
    body = month.get_json()
    assert set(body) == {"1", "30"}
    assert [entry["id"] for entry in body["1"]] == [first]
    assert body["30"] == [
        {
            "id": late,
            "type": "single",
            "name": "Board games",
            "is_private": "false",
            "datetime": "30.11.2030 23:59",
            "address": "Ada's flat",
            "description": "Bring snacks",
            "icon": "http://localhost/socialcalendar/load_icon/bell.svg",
        }
    ]


def test_an_accepted_event_invite_puts_the_event_on_the_guests_calendar(
    ada: Person, bob: Person
) -> None:
    event_id = ada.create(datetime="10.11.2030 20:00")
    assert bob.get("/events?year=2030&month=11").get_json() == {}

    ada.invite(bob, event_id)
    bob.accept_all()

    assert [entry["id"] for entry in bob.get("/events?year=2030&month=11").get_json()["10"]] == [
        event_id
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "year"),
        ("?year=2030", "month"),
        ("?year=2030&month=13", "month"),
        ("?year=2030&month=0", "month"),
        ("?year=0&month=1", "year"),
        ("?year=twenty&month=1", "year"),
    ],
)
def test_a_month_needs_a_year_and_a_month_in_range(
    ada: Person, refused: Callable[..., Any], query: str, field: str
) -> None:
    refused(ada.get(f"/events{query}"), 400, field)


# --- across the APIs -------------------------------------------------------------


def test_a_private_event_stays_hidden_from_non_members_on_every_api(
    ada: Person, bob: Person, core: Core
) -> None:
    private = ada.create(is_private="true")
    public = ada.create(is_private="false")
    token = id_token(core, "sub-Bob", "bob@example.org")
    assert bob.client.post("/community/api/auth", json={"token": token}).status_code == 200

    listed = events.list_events(
        core.uow(), EventFilter(viewer_id=UserId(int(bob.id))), PageRequest.all_items()
    )
    assert [str(view.event.id) for view in listed.items] == [public]
    assert bob.client.get(f"/community/api/events/{private}").status_code == 404
    assert bob.client.get(f"/community/api/events/{public}").status_code == 200

    ada.invite(bob, private)
    bob.accept_all()

    assert bob.client.get(f"/community/api/events/{private}").status_code == 200
