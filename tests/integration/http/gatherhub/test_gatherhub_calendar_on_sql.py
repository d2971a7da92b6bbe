"""The calendar feeds on SQLite and PostgreSQL: the same number of SQL statements for a
feed of one event as for a feed of many, and feeds that read back whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from eventcore.core import Core
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Event
from eventcore.domain.ids import UserId
from eventcore.http.app import create_app
from support.calendars import read_calendar
from support.gatherhub import sign_up
from support.statements import counting_statements

MANY = 60


@pytest.fixture
def sql_client(sql_core: Core) -> FlaskClient:
    return create_app(sql_core).test_client()


def add_events(
    core: Core, creator: UserId, guest: UserId, count: int, *, first: int
) -> list[Event]:
    """`count` public events by `creator`, each with `guest` registered or interested."""
    now = core.clock.now()
    made = []
    with core.uow() as uow:
        for n in range(first, first + count):
            event = uow.events.add(
                Event(
                    title=f"Event {n}, the {n}th; with ümlauts",
                    description=f"About {n}\nand more",
                    creator_id=creator,
                    starts_at=now + timedelta(days=1, hours=n),
                    created_at=now,
                    updated_at=now,
                    latitude=52.5,
                    longitude=13.4,
                )
            )
            made.append(event)
            status = AttendanceStatus.INTERESTED if n % 2 else AttendanceStatus.REGISTERED
            uow.attendances.add(
                Attendance(
                    event_id=event.id, user_id=guest, status=status, created_at=now, updated_at=now
                )
            )
        uow.commit()
    return made


def statements_of(client: FlaskClient, path: str, events: int) -> int:
    with counting_statements() as statements:
        response = client.get(path)
    assert len(read_calendar(response).events) == events
    return len(statements)


def test_a_feed_costs_the_same_statements_for_one_event_or_many(
    sql_client: FlaskClient, sql_core: Core
) -> None:
    bob, _ = sign_up(sql_client, "bob")
    ada, as_ada = sign_up(sql_client, "ada")
    url = sql_client.post("/api/v1/calendar/feed/", headers=as_ada).get_json()["url"]
    mine = url.removeprefix("http://localhost")

    add_events(sql_core, bob, ada, 1, first=0)
    person_one = statements_of(sql_client, mine, 1)
    public_one = statements_of(sql_client, "/api/v1/calendar/public.ics", 1)
    add_events(sql_core, bob, ada, MANY, first=1)
    person_many = statements_of(sql_client, mine, MANY + 1)
    public_many = statements_of(sql_client, "/api/v1/calendar/public.ics", MANY + 1)

    assert person_one == person_many
    assert public_one == public_many
    # BEGIN aside: the token, its owner, the entries; and the entries alone.
    assert person_many <= 4
    assert public_many <= 2


def test_one_event_costs_the_same_statements_whoever_takes_part(
    sql_client: FlaskClient, sql_core: Core
) -> None:
    bob, _ = sign_up(sql_client, "bob")
    ada, _ = sign_up(sql_client, "ada")
    add_events(sql_core, bob, ada, 2, first=0)
    costs = [
        statements_of(sql_client, f"/api/v1/events/{event_id}/calendar.ics", 1)
        for event_id in (1, 2)
    ]
    assert costs[0] == costs[1]
    assert costs[0] <= 3


def test_a_feed_on_sql_reads_back_what_was_stored(sql_client: FlaskClient, sql_core: Core) -> None:
    bob, _ = sign_up(sql_client, "bob")
    ada, as_ada = sign_up(sql_client, "ada")
    made = add_events(sql_core, bob, ada, 3, first=0)
    url = sql_client.post("/api/v1/calendar/feed/", headers=as_ada).get_json()["url"]
    calendar = read_calendar(sql_client.get(url.removeprefix("http://localhost")))

    assert [str(e["SUMMARY"]) for e in calendar.events] == [
        f"Event {n}, the {n}th; with ümlauts" for n in range(3)
    ]
    assert [str(e["DESCRIPTION"]) for e in calendar.events] == [
        f"About {n}\nand more" for n in range(3)
    ]
    # iCalendar counts whole seconds.
    assert [e.start for e in calendar.events] == [
        event.starts_at.replace(microsecond=0) for event in made
    ]
    assert [str(e["TRANSP"]) for e in calendar.events] == ["OPAQUE", "TRANSPARENT", "OPAQUE"]
    assert calendar.events[0]["GEO"].latitude == 52.5
