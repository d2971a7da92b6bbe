"""Eventify event endpoints over HTTP: /api/events/... (seed 001), with events made through
GatherHub as the back office would make them."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from eventcore.bootstrap import Core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import Category
from eventcore.domain.users import Registration
from eventcore.usecases import accounts, events

JsonBody = dict[str, Any]
Headers = dict[str, str]
Call = Callable[..., TestResponse]
CreateEvent = Callable[..., JsonBody]
StatusError = Callable[[TestResponse, int, str], None]

EVENT_PATHS = [
    "events/type-list/",
    "events/pincode-events/",
    "events/event-details/",
    "events/event-images/",
    "events/events-by-category/",
    "events/events-by-month-year/",
    "events/events-by-date/",
]
LISTED_KEYS = [
    "id",
    "name",
    "description",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "latitude",
    "longitude",
    "pincode",
    "district",
    "state",
    "place",
    "is_bookable",
    "is_eventify_event",
    "outside_event_url",
    "event_type",
    "event_status",
    "cancelled_reason",
    "title",
    "important_information",
    "venue_name",
    "thumb_img",
]


@pytest.fixture
def concert(add_category: Callable[..., Category]) -> Category:
    return add_category("Concert", "event_type_icons/concert.png")


@pytest.fixture
def festival(create_event: CreateEvent, as_ada: Headers, concert: Category) -> JsonBody:
    """The seed's example event, made through GatherHub."""
    return create_event(
        as_ada,
        title="Summer Music Fest",
        name="Music Festival",
        description="Annual music festival",
        date="2025-06-15T10:00:00Z",
        end_date="2025-06-17T22:00:00Z",
        latitude=12.9716,
        longitude=77.5946,
        pincode="560001",
        district="Bangalore Urban",
        state="Karnataka",
        place="Bangalore",
        is_bookable=True,
        is_eventify_event=True,
        category=concert.id,
        important_information="Free parking available",
        venue_name="City Park",
        images=[
            {"url": "event_images/festival_main.jpg", "is_primary": True},
            {"url": "event_images/festival_1.jpg"},
            {"url": "https://cdn.example.org/festival_2.jpg"},
        ],
    )


FESTIVAL_FIELDS = {
    "name": "Music Festival",
    "description": "Annual music festival",
    "start_date": "2025-06-15",
    "end_date": "2025-06-17",
    "start_time": "10:00:00",
    "end_time": "22:00:00",
    "latitude": "12.9716",
    "longitude": "77.5946",
    "pincode": "560001",
    "district": "Bangalore Urban",
    "state": "Karnataka",
    "place": "Bangalore",
    "is_bookable": True,
    "is_eventify_event": True,
    "outside_event_url": "NA",
    "event_status": "pending",
    "cancelled_reason": "NA",
    "title": "Summer Music Fest",
    "important_information": "Free parking available",
    "venue_name": "City Park",
}
MEDIA = "http://localhost/media/"


# --- every endpoint needs a token --------------------------------------------------------


@pytest.mark.parametrize("path", EVENT_PATHS)
def test_every_event_endpoint_wants_token_and_username(
    call: Call, assert_status_error: StatusError, path: str
) -> None:
    assert_status_error(
        call(path, event_id=1, month="Aug", year=2025), 400, "token and username required"
    )


@pytest.mark.parametrize("path", EVENT_PATHS)
def test_every_event_endpoint_refuses_an_unknown_token(call: Call, path: str) -> None:
    response = call(path, token=secrets.token_hex(20), username="john.doe")
    assert (response.status_code, response.get_json()) == (401, {"status": "invalid_token"})


@pytest.mark.parametrize("path", EVENT_PATHS)
def test_credentials_are_checked_before_the_other_fields(
    call: Call, assert_status_error: StatusError, path: str
) -> None:
    assert_status_error(
        call(path, token="", username="", event_id="x", month="Nope"),
        400,
        "token and username required",
    )


# --- type-list ---------------------------------------------------------------------------


def test_type_list_shows_every_category_with_an_absolute_icon_or_null(
    call: Call, john: JsonBody, add_category: Callable[..., Category]
) -> None:
    add_category("Concert", "event_type_icons/concert.png")
    add_category("Sports", "https://uat.example.org/media/event_type_icons/sports.png")
    add_category("Conference")
    response = call("events/type-list/", john)
    assert (response.status_code, response.get_json()) == (
        200,
        {
            "status": "success",
            "event_types": [
                {
                    "id": 1,
                    "event_type": "Concert",
                    "event_type_icon": MEDIA + "event_type_icons/concert.png",
                },
                {
                    "id": 2,
                    "event_type": "Sports",
                    "event_type_icon": "https://uat.example.org/media/event_type_icons/sports.png",
                },
                {"id": 3, "event_type": "Conference", "event_type_icon": None},
            ],
        },
    )


def test_type_list_of_nothing_is_empty(call: Call, john: JsonBody) -> None:
    assert call("events/type-list/", john).get_json() == {"status": "success", "event_types": []}


def test_icon_urls_are_built_from_the_requests_base_url(
    client: Any, john: JsonBody, add_category: Callable[..., Category]
) -> None:
    add_category("Concert", "event_type_icons/concert.png")
    response = client.post(
        "/eventify/api/events/type-list/", json=john, base_url="https://uat.eventifyplus.com"
    )
    assert response.get_json()["event_types"][0]["event_type_icon"] == (
        "https://uat.eventifyplus.com/media/event_type_icons/concert.png"
    )


# --- pincode-events ----------------------------------------------------------------------


def test_pincode_events_shows_every_documented_field(
    call: Call, john: JsonBody, festival: JsonBody, concert: Category
) -> None:
    response = call("events/pincode-events/", john, pincode="560001")
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["status", "events"]
    (event,) = body["events"]
    assert list(event) == LISTED_KEYS
    assert event == {
        "id": festival["id"],
        **FESTIVAL_FIELDS,
        "event_type": concert.id,
        "thumb_img": MEDIA + "event_images/festival_main.jpg",
    }


@pytest.mark.parametrize(
    ("pincode", "expected"),
    [
        ("560001", ["Bangalore"]),
        (" 560001 ", ["Bangalore"]),
        (560001, ["Bangalore"]),
        ("411001", ["Pune"]),
        ("000000", []),
        ("all", ["Bangalore", "Pune", "Nowhere"]),
        ("ALL", ["Bangalore", "Pune", "Nowhere"]),
        ("", ["Bangalore", "Pune", "Nowhere"]),
        (None, ["Bangalore", "Pune", "Nowhere"]),
    ],
)
def test_pincode_events_filters_by_pincode_unless_all_or_none(
    call: Call,
    john: JsonBody,
    create_event: CreateEvent,
    as_ada: Headers,
    pincode: Any,
    expected: list[str],
) -> None:
    create_event(as_ada, title="Bangalore", pincode="560001", date="2027-06-01T10:00:00Z")
    create_event(as_ada, title="Pune", pincode="411001", date="2027-06-02T10:00:00Z")
    create_event(as_ada, title="Nowhere", date="2027-06-03T10:00:00Z")
    body = call("events/pincode-events/", john, pincode=pincode).get_json()
    assert [event["title"] for event in body["events"]] == expected


def test_omitting_the_pincode_lists_every_event(
    call: Call, john: JsonBody, create_event: CreateEvent, as_ada: Headers
) -> None:
    create_event(as_ada, title="Bangalore", pincode="560001")
    create_event(as_ada, title="Nowhere")
    assert len(call("events/pincode-events/", john).get_json()["events"]) == 2


def test_lists_come_a_page_at_a_time_with_the_total_in_a_header(
    call: Call, john: JsonBody, create_event: CreateEvent, as_ada: Headers
) -> None:
    for day in range(1, 6):
        create_event(as_ada, title=f"Day {day}", date=f"2027-06-0{day}T10:00:00Z")
    first = call("events/pincode-events/", john, page_size=2)
    third = call("events/pincode-events/", john, page_size=2, page=3)
    assert [e["title"] for e in first.get_json()["events"]] == ["Day 1", "Day 2"]
    assert [e["title"] for e in third.get_json()["events"]] == ["Day 5"]
    assert first.headers["X-Total-Count"] == third.headers["X-Total-Count"] == "5"


def test_a_list_holds_at_most_100_events(call: Call, john: JsonBody, core: Core) -> None:
    creator = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="office@example.org", password="correct horse"),
    )
    for n in range(101):
        events.create_event(
            core.uow(),
            core.clock,
            core.notifier,
            creator.id,
            EventDraft(title=f"E{n}", starts_at=core.clock.now()),
        )
    response = call("events/pincode-events/", john)
    assert len(response.get_json()["events"]) == 100
    assert response.headers["X-Total-Count"] == "101"
    assert len(call("events/pincode-events/", john, page=2).get_json()["events"]) == 1


def test_private_events_of_others_are_not_listed(
    call: Call, john: JsonBody, create_event: CreateEvent, as_ada: Headers
) -> None:
    create_event(as_ada, title="Open", pincode="560001")
    secret = create_event(as_ada, title="Secret", pincode="560001", is_private=True)
    body = call("events/pincode-events/", john, pincode="560001").get_json()
    assert [event["title"] for event in body["events"]] == ["Open"]
    hidden = call("events/event-details/", john, event_id=secret["id"])
    assert hidden.status_code == 404


def test_an_event_without_name_end_or_images_still_has_every_field(
    call: Call, john: JsonBody, create_event: CreateEvent, as_ada: Headers
) -> None:
    create_event(as_ada, title="Jazz night", date="2027-05-02T23:00:00Z")
    (event,) = call("events/pincode-events/", john).get_json()["events"]
    assert (event["name"], event["title"]) == ("Jazz night", "Jazz night")
    # No end: the event is taken to last two hours, past midnight here.
    assert (event["start_date"], event["start_time"]) == ("2027-05-02", "23:00:00")
    assert (event["end_date"], event["end_time"]) == ("2027-05-03", "01:00:00")
    assert (event["thumb_img"], event["event_type"]) == (None, None)
    assert (event["latitude"], event["longitude"]) == (None, None)


# --- event-details and event-images ------------------------------------------------------


def test_event_details_has_every_field_and_all_images_primary_first(
    call: Call, john: JsonBody, festival: JsonBody, concert: Category
) -> None:
    response = call("events/event-details/", john, event_id=festival["id"])
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == [*LISTED_KEYS[:-1], "status", "images"]
    assert body == {
        "id": festival["id"],
        **FESTIVAL_FIELDS,
        "event_type": concert.id,
        "status": "success",
        "images": [
            {"is_primary": True, "image": MEDIA + "event_images/festival_main.jpg"},
            {"is_primary": False, "image": MEDIA + "event_images/festival_1.jpg"},
            {"is_primary": False, "image": "https://cdn.example.org/festival_2.jpg"},
        ],
    }


def test_event_images_lists_absolute_urls_primary_first(
    call: Call, john: JsonBody, create_event: CreateEvent, as_ada: Headers
) -> None:
    made = create_event(
        as_ada,
        images=[{"url": "event_images/a.jpg"}, {"url": "event_images/b.jpg", "is_primary": True}],
    )
    response = call("events/event-images/", john, event_id=made["id"])
    assert (response.status_code, response.get_json()) == (
        200,
        {
            "status": "success",
            "images": [MEDIA + "event_images/b.jpg", MEDIA + "event_images/a.jpg"],
        },
    )


def test_an_event_without_images_has_an_empty_list(
    call: Call, john: JsonBody, create_event: CreateEvent, as_ada: Headers
) -> None:
    made = create_event(as_ada)
    assert call("events/event-images/", john, event_id=made["id"]).get_json() == {
        "status": "success",
        "images": [],
    }
    assert call("events/event-details/", john, event_id=made["id"]).get_json()["images"] == []


@pytest.mark.parametrize("path", ["events/event-details/", "events/event-images/"])
@pytest.mark.parametrize(
    ("event_id", "status", "message"),
    [
        (None, 400, "event_id is required"),
        ("", 400, "event_id is required"),
        ("one", 400, "event_id must be an integer"),
        (1.5, 400, "event_id must be an integer"),
        (True, 400, "event_id must be an integer"),
        ([1], 400, "event_id must be an integer"),
        (10**20, 400, "event_id must be an integer"),
        (999, 404, "Event not found."),
        (2**40, 404, "Event not found."),
        (0, 404, "Event not found."),
        (-3, 404, "Event not found."),
    ],
)
def test_a_bad_or_unknown_event_id_is_refused(
    call: Call,
    john: JsonBody,
    assert_status_error: StatusError,
    path: str,
    event_id: Any,
    status: int,
    message: str,
) -> None:
    body = {} if event_id is None else {"event_id": event_id}
    assert_status_error(call(path, john, **body), status, message)


def test_an_event_id_may_come_as_digits_in_a_string(
    call: Call, john: JsonBody, festival: JsonBody
) -> None:
    response = call("events/event-images/", john, event_id=str(festival["id"]))
    assert response.status_code == 200


# --- events-by-category --------------------------------------------------------------------


def test_events_by_category_lists_that_categorys_events_in_the_short_form(
    call: Call,
    john: JsonBody,
    festival: JsonBody,
    concert: Category,
    create_event: CreateEvent,
    as_ada: Headers,
    add_category: Callable[..., Category],
) -> None:
    sports = add_category("Sports")
    create_event(as_ada, title="Match", category=sports.id)
    response = call("events/events-by-category/", john, category_id=concert.id)
    assert (response.status_code, response.get_json()) == (
        200,
        {
            "status": "success",
            "events": [
                {
                    "id": festival["id"],
                    "name": "Music Festival",
                    "description": "Annual music festival",
                    "start_date": "2025-06-15",
                    "end_date": "2025-06-17",
                    "event_type": concert.id,
                    "event_image": MEDIA + "event_images/festival_main.jpg",
                }
            ],
        },
    )
    assert response.headers["X-Total-Count"] == "1"


def test_a_category_without_events_has_an_empty_list(
    call: Call, john: JsonBody, concert: Category
) -> None:
    response = call("events/events-by-category/", john, category_id=str(concert.id))
    assert response.get_json() == {"status": "success", "events": []}


@pytest.mark.parametrize(
    ("category_id", "status", "message"),
    [
        (None, 400, "category_id is required"),
        ("", 400, "category_id is required"),
        ("music", 400, "category_id must be an integer"),
        ({"id": 1}, 400, "category_id must be an integer"),
        (42, 404, "Category not found."),
    ],
)
def test_a_bad_or_unknown_category_id_is_refused(
    call: Call,
    john: JsonBody,
    assert_status_error: StatusError,
    concert: Category,
    category_id: Any,
    status: int,
    message: str,
) -> None:
    body = {} if category_id is None else {"category_id": category_id}
    assert_status_error(call("events/events-by-category/", john, **body), status, message)


# --- events-by-month-year and events-by-date -------------------------------------------------


@pytest.fixture
def august(create_event: CreateEvent, as_ada: Headers) -> list[JsonBody]:
    return [
        create_event(
            as_ada, title="Festival", date="2025-08-10T10:00:00Z", end_date="2025-08-20T22:00:00Z"
        ),
        create_event(
            as_ada,
            title="Championship",
            date="2025-08-15T09:00:00Z",
            end_date="2025-08-15T18:00:00Z",
        ),
        create_event(
            as_ada, title="Brunch", date="2025-08-01T10:00:00Z", end_date="2025-08-01T12:00:00Z"
        ),
    ]


@pytest.mark.usefixtures("august")
@pytest.mark.parametrize("month", ["August", "august", "AUGUST", "Aug", "aug", " Aug "])
def test_events_by_month_year_counts_events_per_day(call: Call, john: JsonBody, month: str) -> None:
    response = call("events/events-by-month-year/", john, month=month, year=2025)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["status", "dates", "total_number_of_events", "date_events"]
    festival_days = [f"2025-08-{day}" for day in range(10, 21)]
    assert body["dates"] == ["2025-08-01", *festival_days]
    assert body["total_number_of_events"] == 3
    per_day = {entry["date_of_event"]: entry["events_of_date"] for entry in body["date_events"]}
    assert per_day == {"2025-08-01": 1, **{day: 1 for day in festival_days}, "2025-08-15": 2}
    assert [entry["date_of_event"] for entry in body["date_events"]] == body["dates"]


@pytest.mark.usefixtures("august")
def test_a_month_without_events_is_empty(call: Call, john: JsonBody) -> None:
    assert call("events/events-by-month-year/", john, month="Sept", year="2025").get_json() == {
        "status": "success",
        "dates": [],
        "total_number_of_events": 0,
        "date_events": [],
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"month": "InvalidMonth", "year": 2025}, "Invalid month name: InvalidMonth"),
        ({"month": "Augu", "year": 2025}, "Invalid month name: Augu"),
        ({"month": 8, "year": 2025}, "Invalid month name: 8"),
        ({"month": "August"}, "month and year are required"),
        ({"year": 2025}, "month and year are required"),
        ({"month": "", "year": 2025}, "month and year are required"),
        ({"month": "Nope", "year": None}, "month and year are required"),
        ({}, "month and year are required"),
        ({"month": "August", "year": "twenty"}, "year must be an integer"),
        ({"month": "August", "year": 2025.5}, "year must be an integer"),
        ({"month": "August", "year": 0}, "year must be between 1 and 9999"),
        ({"month": "August", "year": 10_000}, "year must be between 1 and 9999"),
    ],
)
def test_a_bad_month_or_year_is_a_400_in_the_seeds_words(
    call: Call, john: JsonBody, assert_status_error: StatusError, fields: JsonBody, message: str
) -> None:
    assert_status_error(call("events/events-by-month-year/", john, **fields), 400, message)


def test_an_oversized_month_name_is_echoed_shortened(
    call: Call, john: JsonBody, assert_status_error: StatusError
) -> None:
    response = call("events/events-by-month-year/", john, month="M" * 5000, year=2025)
    assert_status_error(response, 400, f"Invalid month name: {'M' * 100}...")


def test_events_by_date_returns_every_event_running_that_day_with_its_created_date(
    call: Call, john: JsonBody, august: list[JsonBody]
) -> None:
    response = call("events/events-by-date/", john, date_of_event="2025-08-15")
    assert response.status_code == 200
    events = response.get_json()["events"]
    assert [event["title"] for event in events] == ["Festival", "Championship"]
    assert list(events[0]) == ["id", "created_date", *LISTED_KEYS[1:]]
    assert events[0]["created_date"] == "2027-05-01"
    assert (events[0]["start_date"], events[0]["end_date"]) == ("2025-08-10", "2025-08-20")
    assert response.headers["X-Total-Count"] == "2"


@pytest.mark.usefixtures("august")
@pytest.mark.parametrize(
    ("day", "titles"),
    [("2025-08-01", ["Brunch"]), ("2025-08-20", ["Festival"]), ("2025-08-21", [])],
)
def test_events_by_date_includes_the_first_and_last_days(
    call: Call, john: JsonBody, day: str, titles: list[str]
) -> None:
    events = call("events/events-by-date/", john, date_of_event=day).get_json()["events"]
    assert [event["title"] for event in events] == titles


@pytest.mark.parametrize(
    ("date_of_event", "message"),
    [
        (None, "date_of_event is required"),
        ("", "date_of_event is required"),
        ("15-08-2025", "Invalid date format. Expected YYYY-MM-DD"),
        ("2025/08/15", "Invalid date format. Expected YYYY-MM-DD"),
        ("20250815", "Invalid date format. Expected YYYY-MM-DD"),
        ("2025-8-15", "Invalid date format. Expected YYYY-MM-DD"),
        ("2025-02-30", "Invalid date format. Expected YYYY-MM-DD"),
        ("2025-08-15T10:00:00", "Invalid date format. Expected YYYY-MM-DD"),
        (20250815, "Invalid date format. Expected YYYY-MM-DD"),
        (["2025-08-15"], "Invalid date format. Expected YYYY-MM-DD"),
    ],
)
def test_a_missing_or_malformed_date_is_a_400_in_the_seeds_words(
    call: Call,
    john: JsonBody,
    assert_status_error: StatusError,
    date_of_event: Any,
    message: str,
) -> None:
    body = {} if date_of_event is None else {"date_of_event": date_of_event}
    assert_status_error(call("events/events-by-date/", john, **body), 400, message)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_calendars_first_and_last_days_can_be_asked_for(
    call: Call, john: JsonBody, day: str
) -> None:
    response = call("events/events-by-date/", john, date_of_event=day)
    assert (response.status_code, response.get_json()) == (200, {"status": "success", "events": []})


@pytest.mark.parametrize(("month", "year"), [("January", 1), ("December", 9999)])
def test_the_calendars_first_and_last_months_can_be_asked_for(
    call: Call, john: JsonBody, month: str, year: int
) -> None:
    response = call("events/events-by-month-year/", john, month=month, year=year)
    assert response.get_json()["total_number_of_events"] == 0


# --- EVENTCORE_TIMEZONE ------------------------------------------------------------------


@pytest.fixture
def kolkata_app(make_app: Callable[[Core], Flask], eventify_core: Callable[..., Core]) -> Flask:
    return make_app(eventify_core(timezone=ZoneInfo("Asia/Kolkata")))


def test_dates_and_times_are_written_and_read_in_eventcore_timezone(kolkata_app: Flask) -> None:
    client = kolkata_app.test_client()
    ada = client.post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": "correct horse"},
    ).get_json()
    client.post(
        "/api/v1/events/",
        headers={"Authorization": f"Bearer {ada['access']}"},
        json={
            "title": "Late show",
            "date": "2025-07-31T20:00:00Z",
            "end_date": "2025-07-31T21:00:00Z",
        },
    )
    token = client.post(
        "/eventify/api/user/register/",
        json={
            "email": "john@example.com",
            "phone_number": "+919845012345",
            "password": "securepassword123",
        },
    ).get_json()["token"]
    credentials = {"token": token, "username": "john"}

    def post(path: str, **fields: Any) -> JsonBody:
        body: JsonBody = client.post(
            f"/eventify/api/events/{path}", json={**credentials, **fields}
        ).get_json()
        return body

    (event,) = post("events-by-date/", date_of_event="2025-08-01")["events"]
    assert (event["start_date"], event["start_time"]) == ("2025-08-01", "01:30:00")
    assert (event["end_date"], event["end_time"]) == ("2025-08-01", "02:30:00")
    assert post("events-by-date/", date_of_event="2025-07-31")["events"] == []
    assert post("events-by-month-year/", month="Aug", year=2025)["dates"] == ["2025-08-01"]
    assert post("events-by-month-year/", month="Jul", year=2025)["dates"] == []
