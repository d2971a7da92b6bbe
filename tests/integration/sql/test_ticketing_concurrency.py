"""Tickets hold when many people register at once: 30 parallel registrations through the
ticketing API for an event of 5 seats leave exactly 5 Registered and 0 tickets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import attrs
from flask.testing import FlaskClient

from eventcore.bootstrap import Core
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.ids import EventId
from eventcore.domain.users import Registration, Role
from eventcore.http.app import create_app
from eventcore.usecases import accounts
from support.constants import PASSWORD

API = "/ticketing/api"
BUYERS = 30
CAPACITY = 5


def _log_in(client: FlaskClient, email: str) -> dict[str, str]:
    response = client.post(f"{API}/users/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_thirty_parallel_registrations_sell_exactly_five_tickets(sql_core: Core) -> None:
    """PostgreSQL: the event row is locked (SELECT ... FOR UPDATE). SQLite: BEGIN IMMEDIATE."""
    settings = attrs.evolve(sql_core.settings, rate_limit="off", login_rate_limit="off")
    app = create_app(attrs.evolve(sql_core, settings=settings))
    client = app.test_client()
    for n in range(BUYERS):
        accounts.create_user(
            sql_core.uow(),
            sql_core.clock,
            sql_core.hasher,
            Registration(email=f"buyer{n}@example.org", password=PASSWORD),
        )
    accounts.create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="staff@example.org", password=PASSWORD, role=Role.ADMIN),
    )
    created = client.post(
        f"{API}/events",
        headers=_log_in(client, "staff@example.org"),
        json={"title": "Tiny gig", "start_datetime": "2030-06-01T20:00:00Z", "capacity": CAPACITY},
    )
    event_id = created.get_json()["newEvent"]["id"]
    buyers = [_log_in(client, f"buyer{n}@example.org") for n in range(BUYERS)]

    def register(headers: dict[str, str]) -> int:
        # A test client per thread: each request is its own WSGI call and connection.
        response = app.test_client().post(
            f"{API}/events/{event_id}/attendances", headers=headers, json={"status": "Registered"}
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        statuses = list(pool.map(register, buyers))

    assert sorted(statuses) == [201] * CAPACITY + [400] * (BUYERS - CAPACITY)
    with sql_core.uow() as uow:
        registered = uow.attendances.count(EventId(event_id), AttendanceStatus.REGISTERED)
        rows = len(uow.attendances.for_event(EventId(event_id)))
    assert (registered, rows) == (CAPACITY, CAPACITY)
    detail = client.get(f"{API}/events/{event_id}").get_json()["event"]
    assert (detail["capacity"], detail["tickets_remaining"]) == (CAPACITY, 0)
