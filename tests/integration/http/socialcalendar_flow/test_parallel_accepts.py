"""Ten answers to one invite at once, on SQLite and PostgreSQL: one accept wins (204),
the others find the invite gone (404), and the database holds one membership or one
friendship, never two."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from consent_browser import API, SESSION_COOKIE, SQL_ONLY, group_event, sign_in_with_token
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import ColumnElement, Engine, Table, func, select

from eventcore.adapters.sqlalchemy.tables import attendances, chats, friendships, invites
from support.google_standin import GoogleStandIn

pytestmark = pytest.mark.parametrize("backend", SQL_ONLY, indirect=True)

PARALLEL = 10


def sign_in(app: Flask, google: GoogleStandIn, sub: str) -> tuple[FlaskClient, str, str]:
    """A client of its own signed in with an ID token: (client, user id, session token)."""
    client = app.test_client()
    return (client, *sign_in_with_token(client, google, sub))


def accept_at_once(app: Flask, session: str, invite_id: str) -> list[int]:
    """PARALLEL threads, each a client of its own with `session`, accept together."""
    start = Barrier(PARALLEL)

    def accept(_: int) -> int:
        client = app.test_client()
        client.set_cookie(SESSION_COOKIE, session, path=API)
        start.wait(timeout=10)
        response = client.delete(
            f"{API}/invite", query_string={"id": invite_id, "action": "accept"}
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return sorted(pool.map(accept, range(PARALLEL)))


def rows(engine: Engine, table: Table, *where: ColumnElement[bool]) -> int:
    with engine.connect() as connection:
        counted: int = connection.execute(
            select(func.count()).select_from(table).where(*where)
        ).scalar_one()
        return counted


def only_invite(client: FlaskClient) -> str:
    (invite,) = client.get(f"{API}/invites").get_json()
    invite_id: str = invite["id"]
    return invite_id


def test_parallel_accepts_of_an_event_invite_leave_one_membership(
    app: Flask, google: GoogleStandIn, sql_engine: Engine
) -> None:
    ada, _, _ = sign_in(app, google, "9101")
    bob, bob_id, bob_session = sign_in(app, google, "9102")
    created = ada.post(
        f"{API}/event", json=group_event(name="Board games", is_private="true", icon="coctail.svg")
    )
    event_id = created.get_json()["id"]
    sent = ada.post(
        f"{API}/invite", json={"type": "event", "receiver_id": bob_id, "event_id": event_id}
    )
    assert sent.status_code == 204, sent.get_data(as_text=True)

    statuses = accept_at_once(app, bob_session, only_invite(bob))

    assert statuses == [204] + [404] * (PARALLEL - 1)
    assert (
        rows(
            sql_engine,
            attendances,
            attendances.c.event_id == int(event_id),
            attendances.c.user_id == int(bob_id),
        )
        == 1
    )
    assert rows(sql_engine, attendances, attendances.c.event_id == int(event_id)) == 2
    assert rows(sql_engine, invites) == 0
    members = bob.get(f"{API}/event", query_string={"id": event_id}).get_json()["member_id_list"]
    assert members.count(bob_id) == 1


def test_parallel_accepts_of_a_friend_invite_leave_one_friendship(
    app: Flask, google: GoogleStandIn, sql_engine: Engine
) -> None:
    ada, ada_id, _ = sign_in(app, google, "9201")
    bob, bob_id, bob_session = sign_in(app, google, "9202")
    sent = ada.post(f"{API}/invite", json={"type": "friend", "receiver_id": bob_id})
    assert sent.status_code == 204, sent.get_data(as_text=True)

    statuses = accept_at_once(app, bob_session, only_invite(bob))

    assert statuses == [204] + [404] * (PARALLEL - 1)
    assert rows(sql_engine, friendships) == 1
    assert rows(sql_engine, chats, chats.c.event_id.is_(None)) == 1
    assert rows(sql_engine, invites) == 0
    assert [friend["id"] for friend in ada.get(f"{API}/friends").get_json()] == [bob_id]
    assert [friend["id"] for friend in bob.get(f"{API}/friends").get_json()] == [ada_id]
