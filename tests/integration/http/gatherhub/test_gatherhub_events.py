"""GatherHub /api/v1/events/: list, create, detail, update, delete (seed 003)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]

EVENTS = "/api/v1/events/"
EVENT_KEYS = {
    "id",
    "title",
    "description",
    "date",
    "location",
    "max_participants",
    "current_participants",
    "status",
    "creator",
    "created_at",
    "updated_at",
}
PERSON_KEYS = {"id", "username", "first_name", "last_name"}


def _event(event_id: int) -> str:
    return f"{EVENTS}{event_id}/"


def _person(signed_in: JsonBody) -> JsonBody:
    user = signed_in["user"]
    return {key: user[key] for key in PERSON_KEYS}


def _titles(page: JsonBody) -> list[str]:
    return [event["title"] for event in page["results"]]


# Create ----------------------------------------------------------------------


def test_creating_an_event_answers_201_with_every_documented_key(
    client: FlaskClient, ada: JsonBody, as_ada: Headers, seed_time: Callable[..., str]
) -> None:
    response = client.post(
        EVENTS,
        headers=as_ada,
        json={
            "title": "Jazz night",
            "description": "Live music in the cellar",
            "date": "2027-05-02T18:00:00Z",
            "location": "The Blue Note",
            "max_participants": 50,
        },
    )

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) >= EVENT_KEYS
    assert isinstance(body["id"], int)
    assert {key: body[key] for key in EVENT_KEYS} == {
        "id": body["id"],
        "title": "Jazz night",
        "description": "Live music in the cellar",
        "date": "2027-05-02T18:00:00Z",
        "location": "The Blue Note",
        "max_participants": 50,
        "current_participants": 1,
        "status": "upcoming",
        "creator": _person(ada),
        "created_at": seed_time(),
        "updated_at": seed_time(),
    }


def test_a_created_event_can_be_read_back(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    created = create_event(as_ada)

    detail = client.get(_event(created["id"]), headers=as_ada).get_json()

    assert {key: detail[key] for key in EVENT_KEYS} == {key: created[key] for key in EVENT_KEYS}


def test_a_date_with_an_offset_is_answered_in_utc(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    created = create_event(as_ada, date="2027-05-02T20:00:00+02:00")

    assert created["date"] == "2027-05-02T18:00:00Z"


def test_an_event_without_a_capacity_has_max_participants_null(
    client: FlaskClient, as_ada: Headers
) -> None:
    response = client.post(
        EVENTS, headers=as_ada, json={"title": "Open air", "date": "2027-05-02T18:00:00Z"}
    )

    assert response.status_code == 201
    assert response.get_json()["max_participants"] is None
    assert response.get_json()["description"] == ""


def test_creating_an_event_without_a_bearer_token_is_a_401_and_creates_nothing(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    event_fields: Callable[..., JsonBody],
) -> None:
    assert_error(client.post(EVENTS, json=event_fields()), 401)

    assert client.get(EVENTS, headers=as_ada).get_json()["count"] == 0


@pytest.mark.parametrize("missing", ["title", "date"])
def test_creating_an_event_without_a_required_field_is_a_400_naming_it(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    event_fields: Callable[..., JsonBody],
    missing: str,
) -> None:
    body = event_fields()
    del body[missing]

    assert_error(
        client.post(EVENTS, headers=as_ada, json=body), 400, code="validation_error", field=missing
    )


# Detail ----------------------------------------------------------------------


def test_event_detail_lists_the_participants_with_the_creator_first(
    client: FlaskClient,
    ada: JsonBody,
    bob: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)
    client.post(f"{_event(event['id'])}join/", headers=as_bob)

    response = client.get(_event(event["id"]), headers=as_bob)

    assert response.status_code == 200
    detail = response.get_json()
    assert EVENT_KEYS | {"participants"} <= set(detail)
    assert detail["current_participants"] == 2
    assert detail["participants"] == [_person(ada), _person(bob)]


def test_event_detail_of_a_missing_event_is_a_404_in_the_envelope(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers
) -> None:
    assert_error(client.get(_event(404), headers=as_ada), 404, code="not_found")


def test_event_detail_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    assert_error(client.get(_event(event["id"])), 401)


# List ------------------------------------------------------------------------


def test_the_event_list_answers_count_next_previous_and_results(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, create_event: CreateEvent
) -> None:
    created = create_event(as_ada)

    response = client.get(EVENTS, headers=as_bob)

    assert response.status_code == 200
    page = response.get_json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 1
    assert page["next"] is None
    assert page["previous"] is None
    assert len(page["results"]) == 1
    listed = page["results"][0]
    assert set(listed) >= EVENT_KEYS
    assert {key: listed[key] for key in EVENT_KEYS} == {key: created[key] for key in EVENT_KEYS}


def test_the_event_list_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError
) -> None:
    response = client.get(EVENTS)

    assert_error(response, 401, code="authentication_failed")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_event_list_is_ordered_soonest_first(
    client: FlaskClient,
    as_ada: Headers,
    create_event: CreateEvent,
    seed_time: Callable[..., str],
) -> None:
    create_event(as_ada, title="Later", date=seed_time(days=3))
    create_event(as_ada, title="Sooner", date=seed_time(days=1))

    assert _titles(client.get(EVENTS, headers=as_ada).get_json()) == ["Sooner", "Later"]


def test_the_event_list_pages_with_absolute_next_and_previous_urls(
    client: FlaskClient,
    as_ada: Headers,
    create_event: CreateEvent,
    seed_time: Callable[..., str],
) -> None:
    for day in range(1, 6):
        create_event(as_ada, title=f"Day {day}", date=seed_time(days=day))

    first = client.get(f"{EVENTS}?page_size=2", headers=as_ada).get_json()
    second = client.get(first["next"], headers=as_ada).get_json()
    last = client.get(second["next"], headers=as_ada).get_json()

    assert (first["count"], second["count"], last["count"]) == (5, 5, 5)
    assert _titles(first) == ["Day 1", "Day 2"]
    assert _titles(second) == ["Day 3", "Day 4"]
    assert _titles(last) == ["Day 5"]
    assert first["previous"] is None
    assert first["next"].startswith("http://localhost/api/v1/events/?")
    assert parse_qs(urlsplit(second["previous"]).query) == {"page_size": ["2"], "page": ["1"]}
    assert parse_qs(urlsplit(second["next"]).query) == {"page_size": ["2"], "page": ["3"]}
    assert last["next"] is None


def test_next_and_previous_urls_keep_the_other_query_parameters(
    client: FlaskClient,
    ada: JsonBody,
    as_ada: Headers,
    create_event: CreateEvent,
    seed_time: Callable[..., str],
) -> None:
    for day in range(1, 4):
        create_event(as_ada, title=f"Jazz {day}", date=seed_time(days=day))
    query = f"search=jazz&status=upcoming&creator={ada['user']['id']}&page_size=1&page=2"

    page = client.get(f"{EVENTS}?{query}", headers=as_ada).get_json()

    kept = {
        "search": ["jazz"],
        "status": ["upcoming"],
        "creator": [str(ada["user"]["id"])],
        "page_size": ["1"],
    }
    next_url, previous_url = urlsplit(page["next"]), urlsplit(page["previous"])
    assert (next_url.scheme, next_url.netloc, next_url.path) == ("http", "localhost", EVENTS)
    assert parse_qs(next_url.query) == {**kept, "page": ["3"]}
    assert parse_qs(previous_url.query) == {**kept, "page": ["1"]}


def test_the_default_page_holds_twenty_events(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    for number in range(21):
        create_event(as_ada, title=f"Event {number}")

    page = client.get(EVENTS, headers=as_ada).get_json()

    assert page["count"] == 21
    assert len(page["results"]) == 20
    assert parse_qs(urlsplit(page["next"]).query) == {"page": ["2"]}


def test_a_page_size_of_100_is_allowed(client: FlaskClient, as_ada: Headers) -> None:
    assert client.get(f"{EVENTS}?page_size=100", headers=as_ada).status_code == 200


def test_a_page_size_above_100_is_capped_at_100_and_the_links_say_so(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    for number in range(101):
        create_event(as_ada, title=f"Event {number}")

    page = client.get(f"{EVENTS}?page_size=1000", headers=as_ada).get_json()
    last = client.get(page["next"], headers=as_ada).get_json()

    assert page["count"] == 101
    assert len(page["results"]) == 100
    assert parse_qs(urlsplit(page["next"]).query) == {"page_size": ["100"], "page": ["2"]}
    assert len(last["results"]) == 1
    assert parse_qs(urlsplit(last["previous"]).query) == {"page_size": ["100"], "page": ["1"]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=0", "page_size"),
        ("page_size=ten", "page_size"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999999", "page"),
        ("status=cancelled", "status"),
        ("creator=ada", "creator"),
        ("date_from=2027-13-01", "date_from"),
        ("date_to=yesterday", "date_to"),
        ("search=" + "s" * 201, "search"),
    ],
)
def test_a_bad_list_parameter_is_a_400_naming_it(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, query: str, field: str
) -> None:
    assert_error(
        client.get(f"{EVENTS}?{query}", headers=as_ada), 400, code="validation_error", field=field
    )


def test_search_matches_title_and_description_ignoring_case(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    create_event(as_ada, title="Jazz night", description="Trumpets")
    create_event(as_ada, title="Open mic", description="Some JAZZ standards")
    create_event(as_ada, title="Chess club", description="Quiet evening")

    page = client.get(f"{EVENTS}?search=jAzZ", headers=as_ada).get_json()

    assert page["count"] == 2
    assert sorted(_titles(page)) == ["Jazz night", "Open mic"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("upcoming", ["Tomorrow"]), ("ongoing", ["Now"]), ("completed", ["Yesterday"])],
)
def test_status_filters_by_the_clock(
    client: FlaskClient,
    as_ada: Headers,
    create_event: CreateEvent,
    seed_time: Callable[..., str],
    status: str,
    expected: list[str],
) -> None:
    create_event(as_ada, title="Yesterday", date=seed_time(days=-1))
    create_event(as_ada, title="Now", date=seed_time(hours=-1))
    create_event(as_ada, title="Tomorrow", date=seed_time(days=1))

    page = client.get(f"{EVENTS}?status={status}", headers=as_ada).get_json()

    assert _titles(page) == expected
    assert [event["status"] for event in page["results"]] == [status]


def test_an_events_status_follows_the_clock(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    create_event: CreateEvent,
    seed_time: Callable[..., str],
) -> None:
    # Within the hour the access token lasts.
    event = create_event(as_ada, date=seed_time(minutes=10), end_date=seed_time(minutes=40))

    def status() -> str:
        detail: JsonBody = client.get(_event(event["id"]), headers=as_ada).get_json()
        return str(detail["status"])

    assert status() == "upcoming"
    clock.advance(timedelta(minutes=10))
    assert status() == "ongoing"
    clock.advance(timedelta(minutes=30))
    assert status() == "completed"


def test_creator_filters_by_the_creators_id(
    client: FlaskClient,
    bob: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    create_event(as_ada, title="Ada's")
    create_event(as_bob, title="Bob's")

    page = client.get(f"{EVENTS}?creator={bob['user']['id']}", headers=as_ada).get_json()

    assert _titles(page) == ["Bob's"]
    assert page["results"][0]["creator"]["id"] == bob["user"]["id"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_from=2027-05-03", ["May 3", "May 5"]),
        ("date_to=2027-05-03", ["May 2", "May 3"]),
        ("date_from=2027-05-03&date_to=2027-05-03", ["May 3"]),
        ("date_from=2027-05-06", []),
    ],
)
def test_date_from_and_date_to_filter_by_whole_days(
    client: FlaskClient,
    as_ada: Headers,
    create_event: CreateEvent,
    query: str,
    expected: list[str],
) -> None:
    create_event(as_ada, title="May 2", date="2027-05-02T00:00:00Z")
    create_event(as_ada, title="May 3", date="2027-05-03T23:59:59Z")
    create_event(as_ada, title="May 5", date="2027-05-05T09:00:00Z")

    page = client.get(f"{EVENTS}?{query}", headers=as_ada).get_json()

    assert _titles(page) == expected
    assert page["count"] == len(expected)


# Update ----------------------------------------------------------------------


def test_the_creator_updates_an_event(
    client: FlaskClient,
    clock: FixedClock,
    ada: JsonBody,
    as_ada: Headers,
    create_event: CreateEvent,
    seed_time: Callable[..., str],
) -> None:
    event = create_event(as_ada)
    clock.advance(timedelta(minutes=5))

    response = client.put(
        _event(event["id"]),
        headers=as_ada,
        json={
            "title": "Blues night",
            "description": "Slow songs",
            "date": "2027-05-03T19:00:00Z",
            "location": "The Cellar",
            "max_participants": 20,
        },
    )

    assert response.status_code == 200
    body = response.get_json()
    assert {
        "id",
        "title",
        "description",
        "date",
        "location",
        "max_participants",
        "current_participants",
        "status",
        "creator",
        "updated_at",
    } <= set(body)
    assert {key: body[key] for key in EVENT_KEYS} == {
        "id": event["id"],
        "title": "Blues night",
        "description": "Slow songs",
        "date": "2027-05-03T19:00:00Z",
        "location": "The Cellar",
        "max_participants": 20,
        "current_participants": 1,
        "status": "upcoming",
        "creator": _person(ada),
        "created_at": seed_time(),
        "updated_at": seed_time(minutes=5),
    }
    assert client.get(_event(event["id"]), headers=as_ada).get_json()["title"] == "Blues night"


def test_a_partial_put_changes_only_the_fields_sent(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    response = client.put(_event(event["id"]), headers=as_ada, json={"location": "Rooftop"})

    assert response.status_code == 200
    after = client.get(_event(event["id"]), headers=as_ada).get_json()
    assert after["location"] == "Rooftop"
    unchanged = EVENT_KEYS - {"location"}
    assert {key: after[key] for key in unchanged} == {key: event[key] for key in unchanged}


def test_patch_updates_an_event_like_a_partial_put(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    response = client.patch(_event(event["id"]), headers=as_ada, json={"title": "Renamed"})

    assert response.status_code == 200
    assert response.get_json()["title"] == "Renamed"
    assert response.get_json()["location"] == event["location"]


def test_another_user_may_not_update_an_event(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)

    response = client.put(_event(event["id"]), headers=as_bob, json={"title": "Mine now"})

    assert_error(response, 403, code="permission_denied")
    assert client.get(_event(event["id"]), headers=as_ada).get_json()["title"] == event["title"]


def test_updating_a_missing_event_is_a_404(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers
) -> None:
    assert_error(
        client.put(_event(404), headers=as_ada, json={"title": "Ghost"}), 404, code="not_found"
    )


def test_a_capacity_below_the_participant_count_is_a_400_and_changes_nothing(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    as_carol: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada, max_participants=5)
    for headers in (as_bob, as_carol):
        client.post(f"{_event(event['id'])}join/", headers=headers)

    response = client.put(_event(event["id"]), headers=as_ada, json={"max_participants": 2})

    body = assert_error(response, 400, code="validation_error")
    assert body["details"]
    assert client.get(_event(event["id"]), headers=as_ada).get_json()["max_participants"] == 5


def test_a_capacity_equal_to_the_participant_count_is_allowed(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada, max_participants=5)
    client.post(f"{_event(event['id'])}join/", headers=as_bob)

    response = client.put(_event(event["id"]), headers=as_ada, json={"max_participants": 2})

    assert response.status_code == 200
    assert response.get_json()["max_participants"] == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"max_participants": 1}, "max_participants"),
        ({"end_date": "2027-05-02T17:00:00Z"}, "end_date"),
    ],
)
def test_a_rule_broken_on_update_names_the_field_as_the_client_sent_it(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
    change: JsonBody,
    field: str,
) -> None:
    event = create_event(as_ada)
    client.post(f"{_event(event['id'])}join/", headers=as_bob)

    response = client.put(_event(event["id"]), headers=as_ada, json=change)

    assert_error(response, 400, field=field)


# Delete ----------------------------------------------------------------------


def test_the_creator_deletes_an_event_with_an_empty_204(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    response = client.delete(_event(event["id"]), headers=as_ada)

    assert response.status_code == 204
    assert response.data == b""
    assert_error(client.get(_event(event["id"]), headers=as_ada), 404)
    assert_error(client.delete(_event(event["id"]), headers=as_ada), 404)
    assert client.get(EVENTS, headers=as_ada).get_json()["count"] == 0


def test_another_user_may_not_delete_an_event(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    create_event: CreateEvent,
) -> None:
    event = create_event(as_ada)
    client.post(f"{_event(event['id'])}join/", headers=as_bob)

    assert_error(client.delete(_event(event["id"]), headers=as_bob), 403, code="permission_denied")
    assert client.get(_event(event["id"]), headers=as_ada).status_code == 200


def test_deleting_a_missing_event_is_a_404(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers
) -> None:
    assert_error(client.delete(_event(404), headers=as_ada), 404, code="not_found")


def test_deleting_an_event_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada)

    assert_error(client.delete(_event(event["id"])), 401)
    assert client.get(_event(event["id"]), headers=as_ada).status_code == 200


# Split dates (start_date/start_time, end_date/end_time) ----------------------

DAY_EVENT = {"title": "Fair", "description": "", "location": "Park"}


def test_a_day_only_end_date_combines_with_end_time(client: FlaskClient, as_ada: Headers) -> None:
    response = client.post(
        EVENTS,
        headers=as_ada,
        json={
            **DAY_EVENT,
            "date": "2089-10-01T09:00:00Z",
            "end_date": "2089-10-02",
            "end_time": "18:00:00",
        },
    )

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["end_date"] == "2089-10-02T18:00:00Z"


def test_a_day_only_end_date_without_end_time_keeps_that_whole_day(
    client: FlaskClient, as_ada: Headers
) -> None:
    response = client.post(
        EVENTS,
        headers=as_ada,
        json={**DAY_EVENT, "date": "2089-10-01T09:00:00Z", "end_date": "2089-10-02"},
    )

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["end_date"] == "2089-10-03T00:00:00Z"


def test_start_date_and_start_time_give_the_start(client: FlaskClient, as_ada: Headers) -> None:
    response = client.post(
        EVENTS,
        headers=as_ada,
        json={**DAY_EVENT, "start_date": "2089-10-01", "start_time": "09:30:00"},
    )

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["date"] == "2089-10-01T09:30:00Z"


def test_an_update_combines_a_day_only_end_date_with_end_time(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    event = create_event(as_ada, date="2089-10-01T09:00:00Z")

    response = client.patch(
        _event(event["id"]),
        headers=as_ada,
        json={"end_date": "2089-10-02", "end_time": "18:00:00"},
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["end_date"] == "2089-10-02T18:00:00Z"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {
                "date": "2089-10-01T09:00:00Z",
                "end_date": "2089-10-02T10:00:00Z",
                "end_time": "18:00",
            },
            "end_time",
        ),
        ({"date": "2089-10-01T09:00:00Z", "end_time": "18:00:00"}, "end_date"),
        ({"date": "2089-10-01T09:00:00Z", "start_time": "18:00:00"}, "start_time"),
        ({"start_time": "18:00:00"}, "date"),
        ({"date": "2089-10-01T09:00:00Z", "start_date": "2089-10-01"}, "start_date"),
        ({"date": "2089-13-01"}, "date"),
        ({"date": "2089-10-01T09:00:00Z", "end_time": "25:00"}, "end_time"),
        ({"end_date": "2089-10-02"}, "date"),
    ],
)
def test_split_dates_that_cannot_be_read_as_meant_are_a_400_naming_the_field(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    fields: JsonBody,
    field: str,
) -> None:
    response = client.post(EVENTS, headers=as_ada, json={**DAY_EVENT, **fields})

    assert_error(response, 400, field=field)
    assert client.get(EVENTS, headers=as_ada).get_json()["count"] == 0
