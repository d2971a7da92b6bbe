"""The front end's whole journey on SQLite and PostgreSQL: sign up, log in, browse, take a
ticket, be refused when sold out; and bad input changes no row."""

from __future__ import annotations

import attrs
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from ticketing_api import API, PASSWORD

from eventcore.adapters.sqlalchemy.tables import metadata
from eventcore.bootstrap import Core
from eventcore.domain.users import Registration, Role
from eventcore.http.app import create_app
from eventcore.settings import Settings
from eventcore.usecases import accounts, categories


def _client(sql_core: Core) -> FlaskClient:
    quiet: Settings = attrs.evolve(sql_core.settings, rate_limit="off", login_rate_limit="off")
    return create_app(attrs.evolve(sql_core, settings=quiet)).test_client()


def _log_in(client: FlaskClient, email: str) -> dict[str, str]:
    response = client.post(f"{API}/users/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }


def test_a_front_end_signs_up_browses_and_buys_the_last_ticket(
    sql_core: Core, sql_engine: Engine
) -> None:
    client = _client(sql_core)
    accounts.create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="boss@example.org", password=PASSWORD, role=Role.MODERATOR),
    )
    categories.create_category(sql_core.uow(), "Job Fair")
    staff = _log_in(client, "boss@example.org")
    created = client.post(
        f"{API}/events",
        headers=staff,
        json={
            "title": "Careers day",
            "category": "job fair",
            "start_datetime": "2030-06-01T10:00:00Z",
            "price": 10.99,
            "capacity": 1,
            "tickets_remaining": 1,
            "photo_1_url": "https://example.com/a.jpg",
            "location_type": "Remote",
        },
    )
    assert created.status_code == 201, created.get_json()
    event_id = created.get_json()["newEvent"]["id"]

    for name in ("ann", "ben"):
        signed_up = client.post(
            f"{API}/users",
            json={"username": name, "email": f"{name}@example.org", "password": PASSWORD},
        )
        assert signed_up.status_code == 201
    ann, ben = _log_in(client, "ann@example.org"), _log_in(client, "ben@example.org")

    browsed = client.get(f"{API}/events").get_json()["events"]
    bought = client.post(
        f"{API}/events/{event_id}/attendances", headers=ann, json={"status": "Registered"}
    )
    before = _row_counts(sql_engine)
    sold_out = client.post(
        f"{API}/events/{event_id}/attendances", headers=ben, json={"status": "Registered"}
    )
    after = _row_counts(sql_engine)
    detail = client.get(f"{API}/events/{event_id}").get_json()["event"]

    assert [(e["title"], e["category"], e["price"], e["location_type"]) for e in browsed] == [
        ("Careers day", "Job Fair", 10.99, "Remote")
    ]
    assert bought.status_code == 201
    assert sold_out.status_code == 400
    assert sold_out.get_json() == {
        "error": "Sold out: there are no tickets remaining for this event"
    }
    assert after == before
    assert (detail["capacity"], detail["tickets_remaining"]) == (1, 0)


def test_bad_input_changes_no_row_on_the_database(sql_core: Core, sql_engine: Engine) -> None:
    client = _client(sql_core)
    accounts.create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="boss@example.org", password=PASSWORD, role=Role.ADMIN),
    )
    staff = _log_in(client, "boss@example.org")
    event_id = client.post(
        f"{API}/events",
        headers=staff,
        json={"title": "Fair", "start_datetime": "2030-06-01T10:00:00Z"},
    ).get_json()["newEvent"]["id"]
    before = _row_counts(sql_engine)

    answers = [
        client.post(f"{API}/users", json={"email": "boss@example.org", "password": PASSWORD}),
        client.post(
            f"{API}/users", json={"email": "x@example.org", "password": PASSWORD, "gender": "Robot"}
        ),
        client.post(f"{API}/events", headers=staff, json={"title": "", "start_datetime": "x"}),
        client.patch(
            f"{API}/events/{event_id}", headers=staff, json={"end_datetime": "2020-01-01T00:00:00Z"}
        ),
        client.patch(f"{API}/users/1", headers=staff, json={"email": "bad"}),
        client.post(
            f"{API}/events/{event_id}/attendances", headers=staff, json={"status": "Cancelled"}
        ),
        client.delete(f"{API}/events/{event_id}/attendances", headers=staff, json={}),
        client.delete(f"{API}/users/1", headers=staff),
    ]

    assert [a.status_code for a in answers] == [400, 400, 400, 400, 400, 400, 400, 409]
    assert all(set(a.get_json()) == {"error"} for a in answers)
    assert _row_counts(sql_engine) == before


def test_deleting_an_account_on_the_database_takes_its_tickets_and_credentials(
    sql_core: Core, sql_engine: Engine
) -> None:
    client = _client(sql_core)
    accounts.create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="boss@example.org", password=PASSWORD, role=Role.ADMIN),
    )
    staff = _log_in(client, "boss@example.org")
    event_id = client.post(
        f"{API}/events",
        headers=staff,
        json={
            "title": "Fair",
            "start_datetime": "2030-06-01T10:00:00Z",
            "capacity": 3,
        },
    ).get_json()["newEvent"]["id"]
    user_id = client.post(
        f"{API}/users", json={"email": "ann@example.org", "password": PASSWORD}
    ).get_json()["newUser"]["id"]
    ann = _log_in(client, "ann@example.org")
    client.post(f"{API}/events/{event_id}/attendances", headers=ann, json={"status": "Registered"})

    erased = client.delete(f"{API}/users/{user_id}", headers=ann)

    assert erased.status_code == 200
    assert client.get(f"{API}/events/{event_id}").get_json()["event"]["tickets_remaining"] == 3
    assert _row_counts(sql_engine)["credentials"] == 1
