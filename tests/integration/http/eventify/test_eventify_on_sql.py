"""Eventify over SQLite and PostgreSQL: a client's whole journey, and statements per
request that do not grow with the number of events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import Core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import EventImage
from eventcore.domain.ids import UserId
from eventcore.domain.users import Registration
from eventcore.http.app import create_app
from eventcore.usecases import accounts, categories, events
from support.constants import EVENTIFY_PASSWORD as PASSWORD
from support.statements import counting_statements

JsonBody = dict[str, Any]


@pytest.fixture
def sql_client(sql_core: Core) -> FlaskClient:
    return create_app(sql_core).test_client()


def post(client: FlaskClient, path: str, **body: Any) -> Any:
    return client.post(f"/eventify/api/{path}", json=body)


def test_a_client_registers_logs_in_browses_and_opens_an_event(
    sql_core: Core, sql_client: FlaskClient
) -> None:
    office = sql_client.post(
        "/api/v1/auth/register/",
        json={"username": "office", "email": "office@example.org", "password": PASSWORD},
    ).get_json()
    bearer = {"Authorization": f"Bearer {office['access']}"}
    registered = post(
        sql_client,
        "user/register/",
        email="john.doe@example.com",
        phone_number="+1234567890",
        password=PASSWORD,
    )
    clash = post(
        sql_client,
        "user/register/",
        email="John.Doe@example.com",
        phone_number="+1 234 567 890",
        password=PASSWORD,
    )
    logged_in = post(sql_client, "user/login/", username="john.doe@example.com", password=PASSWORD)
    me = {"token": logged_in.get_json()["token"], "username": logged_in.get_json()["username"]}
    concert = categories.create_category(sql_core.uow(), "Concert", "icons/concert.png")
    made = sql_client.post(
        "/api/v1/events/",
        headers=bearer,
        json={
            "title": "Summer Music Fest",
            "name": "Music Festival",
            "pincode": "560001",
            "category": concert.id,
            "date": "2025-08-31T10:00:00Z",
            "end_date": "2025-09-01T22:00:00Z",
            "is_eventify_event": True,
            "images": [{"url": "event_images/main.jpg"}, {"url": "event_images/side.jpg"}],
        },
    ).get_json()

    status = post(sql_client, "user/status/", **me)
    types = post(sql_client, "events/type-list/", **me)
    by_pincode = post(sql_client, "events/pincode-events/", **me, pincode="560001")
    by_category = post(sql_client, "events/events-by-category/", **me, category_id=concert.id)
    august = post(sql_client, "events/events-by-month-year/", **me, month="aug", year=2025)
    september = post(sql_client, "events/events-by-month-year/", **me, month="Sep", year=2025)
    on_day = post(sql_client, "events/events-by-date/", **me, date_of_event="2025-09-01")
    details = post(sql_client, "events/event-details/", **me, event_id=made["id"])
    images = post(sql_client, "events/event-images/", **me, event_id=made["id"])
    missing = post(sql_client, "events/event-details/", **me, event_id=made["id"] + 1)
    logged_out = post(sql_client, "user/logout/", **me)
    after = post(sql_client, "events/type-list/", **me)

    assert registered.status_code == 201
    assert (clash.status_code, clash.get_json()) == (
        400,
        {
            "errors": {
                "email": ["Email is already registered."],
                "phone_number": ["Phone number is already registered."],
            }
        },
    )
    assert status.get_json()["username"] == "john.doe"
    assert types.get_json()["event_types"][0]["event_type"] == "Concert"
    assert [e["name"] for e in by_pincode.get_json()["events"]] == ["Music Festival"]
    assert by_pincode.get_json()["events"][0]["is_eventify_event"] is True
    assert [e["id"] for e in by_category.get_json()["events"]] == [made["id"]]
    assert (august.get_json()["dates"], september.get_json()["dates"]) == (
        ["2025-08-31"],
        ["2025-09-01"],
    )
    assert [e["id"] for e in on_day.get_json()["events"]] == [made["id"]]
    assert [image["is_primary"] for image in details.get_json()["images"]] == [True, False]
    assert len(images.get_json()["images"]) == 2
    assert (missing.status_code, missing.get_json()["message"]) == (404, "Event not found.")
    assert logged_out.status_code == 200
    assert (after.status_code, after.get_json()) == (401, {"status": "invalid_token"})


def _fill_august(core: Core, creator: UserId, count: int, first: int = 0) -> None:
    """`count` events of two days each, spread over August 2025, each with two images."""
    for n in range(first, first + count):
        starts_at = datetime(2025, 8, 1, 9, tzinfo=UTC) + timedelta(hours=11 * n)
        events.create_event(
            core.uow(),
            core.clock,
            core.notifier,
            creator,
            EventDraft(
                title=f"Event {n}",
                starts_at=starts_at,
                pincode="560001",
                ends_at=starts_at + timedelta(days=2),
                images=[EventImage(f"{n}a.png", is_primary=True), EventImage(f"{n}b.png")],
            ),
        )


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("events/events-by-month-year/", {"month": "August", "year": 2025}),
        ("events/events-by-date/", {"date_of_event": "2025-08-20"}),
        ("events/pincode-events/", {"pincode": "560001"}),
    ],
)
def test_statements_per_request_do_not_grow_with_the_events(
    sql_core: Core, sql_client: FlaskClient, path: str, fields: JsonBody
) -> None:
    creator = accounts.create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="office@example.org", password=PASSWORD),
    )
    post(
        sql_client,
        "user/register/",
        email="john@example.com",
        phone_number="+1234567890",
        password=PASSWORD,
    )
    token = post(sql_client, "user/login/", username="john", password=PASSWORD)
    me = {"token": token.get_json()["token"], "username": "john"}

    costs = []
    for count in (1, 60):
        _fill_august(sql_core, creator.id, count, first=len(costs) * 1000)
        with counting_statements() as statements:
            response = post(sql_client, path, **me, **fields)
        assert response.status_code == 200, response.get_json()
        costs.append(len(statements))

    assert costs[0] == costs[1]


def test_the_month_is_counted_by_one_statement_on_indexed_range_conditions(
    sql_core: Core, sql_client: FlaskClient
) -> None:
    creator = accounts.create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="office@example.org", password=PASSWORD),
    )
    _fill_august(sql_core, creator.id, 5)
    post(
        sql_client,
        "user/register/",
        email="john@example.com",
        phone_number="+1234567890",
        password=PASSWORD,
    )
    token = post(sql_client, "user/login/", username="john", password=PASSWORD)
    me = {"token": token.get_json()["token"], "username": "john"}

    with counting_statements() as statements:
        response = post(sql_client, "events/events-by-month-year/", **me, month="Aug", year=2025)

    assert response.get_json()["total_number_of_events"] == 5
    (counts,) = [s for s in statements if "count(" in s.lower()]
    flat = " ".join(counts.split())
    # Every day's count bounds the start on both sides (a short range of
    # ix_events_list_order): before the day ends, and no earlier than the day's
    # start less the longest event stored (overlaps.overlap_floor).
    days = 31
    assert flat.count("events.starts_at <") >= days
    assert flat.count("longest_event_seconds") >= days
    assert flat.count("events.finishes_at >") >= days


def test_odd_values_that_reach_the_database_are_refused_or_find_nothing(
    sql_client: FlaskClient,
) -> None:
    post(
        sql_client,
        "user/register/",
        email="john@example.com",
        phone_number="+1234567890",
        password=PASSWORD,
    )
    token = post(sql_client, "user/login/", username="john", password=PASSWORD)
    me = {"token": token.get_json()["token"], "username": "john"}
    biggest = 2**63 - 1

    answers = {
        "NUL login": post(sql_client, "user/login/", username="jo\x00hn", password=PASSWORD),
        "NUL email": post(
            sql_client,
            "user/register/",
            email="a\x00@example.com",
            phone_number="+1987654321",
            password=PASSWORD,
        ),
        "NUL pincode": post(sql_client, "events/pincode-events/", **me, pincode="56\x00"),
        "huge event id": post(sql_client, "events/event-details/", **me, event_id=biggest),
        "huge category id": post(
            sql_client, "events/events-by-category/", **me, category_id=biggest
        ),
        "last page": post(
            sql_client, "events/events-by-date/", **me, date_of_event="2025-08-01", page=1_000_000
        ),
    }

    statuses = {case: response.status_code for case, response in answers.items()}
    assert statuses == {
        "NUL login": 401,
        "NUL email": 400,
        "NUL pincode": 200,
        "huge event id": 404,
        "huge category id": 404,
        "last page": 200,
    }
    assert answers["NUL pincode"].get_json()["events"] == []


def test_the_native_api_refuses_a_category_id_no_column_can_hold(
    sql_client: FlaskClient,
) -> None:
    access = sql_client.post(
        "/api/v1/auth/register/",
        json={"username": "office", "email": "office@example.org", "password": PASSWORD},
    ).get_json()
    response = sql_client.post(
        "/api/v1/events/",
        json={
            "title": "Picnic",
            "date": "2030-06-01T12:00:00Z",
            "category": 2**40,
        },
        headers={"Authorization": f"Bearer {access['access']}"},
    )
    assert response.status_code == 400
    assert response.get_json()["details"] == {"category": ["category names no category."]}
