"""Ticketing's list of every event on the real databases: written while it is read,
a few rows at a time, it answers what one page of them all answers, in the same
statements whatever its length, and gives its connection back however it ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.pool import Pool

from eventcore.adapters.sqlalchemy import queries
from eventcore.bootstrap import Core
from eventcore.domain.events import Event, EventImage
from eventcore.domain.users import User
from eventcore.http import streaming
from eventcore.http.app import create_app
from support.statements import counting_statements

EVERY_EVENT = "/ticketing/api/events"


@pytest.fixture
def client(sql_core: Core, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    # Batches smaller than the lists below, so that every list spans several.
    monkeypatch.setattr(queries, "STREAM_BATCH", 3)
    monkeypatch.setattr(streaming, "BATCH", 2)
    return create_app(sql_core).test_client()


def add_events(core: Core, now: datetime, count: int, **fields: Any) -> None:
    with core.uow() as uow:
        user = uow.users.find_by_email("org@example.org")
        if user is None:
            user = uow.users.add(
                User(username="org", email="org@example.org", created_at=now, updated_at=now)
            )
        for n in range(count):
            images = tuple(
                EventImage(url=f"https://img.example.org/{n}-{i}.png", is_primary=i == 0)
                for i in range(n % 3)
            )
            uow.events.add(
                Event(
                    title=f"Show {n}",
                    creator_id=user.id,
                    # Out of id order, and two at the same moment: the order is by
                    # start, then id.
                    starts_at=now + timedelta(days=(n * 7) % 5),
                    created_at=now,
                    updated_at=now,
                    images=images,
                    **fields,
                )
            )
        uow.commit()


def test_every_event_is_what_one_page_of_them_all_shows(
    sql_core: Core, client: FlaskClient, now: datetime
) -> None:
    add_events(sql_core, now, 11)
    add_events(sql_core, now, 2, is_private=True)

    every = client.get(EVERY_EVENT)
    one_page = client.get(f"{EVERY_EVENT}?page=1&limit=100")

    assert every.status_code == 200
    assert every.mimetype == "application/json"
    assert every.headers["X-Total-Count"] == "11"
    assert every.get_json() == one_page.get_json()
    assert len(every.get_json()["events"]) == 11
    photos = [(e["photo_1_url"], e["photo_2_url"]) for e in every.get_json()["events"]]
    assert {(one is not None, two is not None) for one, two in photos} == {
        (False, False),
        (True, False),
        (True, True),
    }


def test_no_event_is_an_empty_list(client: FlaskClient) -> None:
    answer = client.get(EVERY_EVENT)

    assert (answer.get_json(), answer.headers["X-Total-Count"]) == ({"events": []}, "0")


def test_every_event_costs_the_same_statements_for_1_or_20_events(
    sql_core: Core, client: FlaskClient, now: datetime
) -> None:
    costs = {}
    for added, total in ((1, 1), (19, 20)):
        add_events(sql_core, now, added)
        with counting_statements() as sent:
            answer = client.get(EVERY_EVENT)
            assert len(answer.get_json()["events"]) == total
        costs[total] = len(sent)

    assert costs[1] == costs[20]


@contextmanager
def connections_out() -> Iterator[list[int]]:
    """How many pooled connections are checked out, at the moment it is read."""
    out = [0]

    def checkout(*_: Any) -> None:
        out[0] += 1

    def checkin(*_: Any) -> None:
        out[0] -= 1

    event.listen(Pool, "checkout", checkout)
    event.listen(Pool, "checkin", checkin)
    try:
        yield out
    finally:
        event.remove(Pool, "checkout", checkout)
        event.remove(Pool, "checkin", checkin)


def test_an_answer_abandoned_unread_gives_its_connection_back(
    sql_core: Core, client: FlaskClient, now: datetime
) -> None:
    add_events(sql_core, now, 7)

    with connections_out() as out:
        answer = client.get(EVERY_EVENT, buffered=False)
        reading = out[0]
        first = next(answer.response)
        answer.close()

    assert (reading, out[0]) == (1, 0)
    assert first.startswith(b'{"events":[')
