"""Waiting lists under load, as deployed: `eventcore serve --workers 2` on SQLite and on
PostgreSQL, over HTTP.

200 people sign up at once for the 50 free seats of an event (51 places, the creator's
included): each joins, and on the documented 400 for a full event joins its waiting list.
Exactly 50 get a seat and 150 wait, at places 1 to 150. Then the 50 seated leave at once:
exactly the first 50 in line take their seats and the other 100 move up in order. A
reader polls the event all along: it never sees more participants than places, and once
the event is full it never sees a free seat (promotion commits with the leave).

What makes it hold: the event row is locked while seats are counted (SELECT ... FOR
UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite) and a unique (event, queue number)
index; with the lock removed this test fails on both backends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

from eventcore.domain.users import Registration
from eventcore.settings import Settings
from eventcore.usecases import tokens
from live_server import call, eventcore_serve, fresh_database, run_cli
from support.constants import PASSWORD
from support.cores import fast_sql_core

pytestmark = [pytest.mark.server, pytest.mark.timeout(300)]

SEATS = 50
PLACES = SEATS + 1  # the creator holds the first place of a GatherHub event
PEOPLE = 200


@attrs.frozen
class Seen:
    participants: int
    listed: int
    waiting: int


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A migrated database, 201 people with access tokens signed by the server's key
    (made through the library with a cheap hasher, to spare 201 slow password hashes),
    and `eventcore serve --workers 2` on it with the rate limits off."""
    with fresh_database(request.param, tmp_path) as url:
        env = {
            **os.environ,
            "EVENTCORE_DATABASE_URL": url,
            "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance"),
            "EVENTCORE_SECRET_KEY": "waitlist-test-" + "k" * 32,
            "EVENTCORE_RATE_LIMIT": "off",
            "EVENTCORE_LOGIN_RATE_LIMIT": "off",
        }
        run_cli(env, "db", "upgrade")
        core = fast_sql_core(Settings.from_env(env))
        try:
            access = [
                tokens.sign_up(
                    core.uow(),
                    core.clock,
                    core.hasher,
                    core.tokens,
                    Registration(username=f"p{n}", email=f"p{n}@example.org", password=PASSWORD),
                ).tokens.access
                for n in range(PEOPLE + 1)
            ]
        finally:
            core.close()
        with eventcore_serve(env, workers=2) as base:
            yield base, access


def _sign_up(base: str, event_id: int, token: str) -> tuple[str, int | None]:
    """Join; on the documented 400 for a full event, join the waiting list instead."""
    joined = call(base, "POST", f"/api/v1/events/{event_id}/join/", token=token, timeout=60)
    if joined.status == 200:
        return "seated", None
    assert (joined.status, joined.body["error"]) == (400, "event_full"), joined.body
    waiting = call(
        base, "POST", f"/api/v1/events/{event_id}/waitlist/join/", token=token, timeout=60
    )
    assert waiting.status == 200, waiting.body
    return "waiting", waiting.body["waitlist_position"]


def _standing(base: str, event_id: int, token: str) -> dict[str, Any]:
    answer = call(base, "GET", f"/api/v1/events/{event_id}/", token=token, timeout=60)
    assert answer.status == 200, answer.body
    body: dict[str, Any] = answer.body
    return body


class Reader(threading.Thread):
    """Polls the event until stopped, and keeps what it saw."""

    def __init__(self, base: str, event_id: int, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.event_id, self.token = base, event_id, token
        self.seen: list[Seen] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            body = _standing(self.base, self.event_id, self.token)
            self.seen.append(
                Seen(body["current_participants"], len(body["participants"]), body["waiting_count"])
            )


def test_parallel_sign_ups_and_cancellations_never_oversell_and_keep_the_queue_order(
    server: tuple[str, list[str]],
) -> None:
    base, access = server
    creator, people = access[0], access[1:]
    created = call(
        base,
        "POST",
        "/api/v1/events/",
        {"title": "Concert", "date": "2030-06-01T20:00:00Z", "max_participants": PLACES},
        token=creator,
    )
    assert created.status == 201, created.body
    event_id = created.body["id"]
    reader = Reader(base, event_id, creator)
    reader.start()
    try:
        with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
            outcomes = list(pool.map(lambda token: _sign_up(base, event_id, token), people))
        seated = [
            token for token, (kind, _) in zip(people, outcomes, strict=True) if kind == "seated"
        ]
        queued = {
            token: place
            for token, (kind, place) in zip(people, outcomes, strict=True)
            if kind == "waiting"
        }
        full_at = len(reader.seen)

        assert len(seated) == SEATS
        assert len(queued) == PEOPLE - SEATS
        # Each answered its own place, and the places are 1..150: one queue, no ties.
        assert sorted(queued.values()) == list(range(1, PEOPLE - SEATS + 1))
        detail = _standing(base, event_id, creator)
        assert (detail["current_participants"], detail["waiting_count"]) == (PLACES, 150)
        assert {t: _standing(base, event_id, t)["waitlist_position"] for t in queued} == queued

        with ThreadPoolExecutor(max_workers=SEATS) as pool:
            left = list(
                pool.map(
                    lambda token: (
                        call(
                            base,
                            "POST",
                            f"/api/v1/events/{event_id}/leave/",
                            token=token,
                            timeout=60,
                        ).status
                    ),
                    seated,
                )
            )
        assert left == [200] * SEATS
    finally:
        reader.stop.set()
        reader.join(timeout=60)

    detail = _standing(base, event_id, creator)
    assert (detail["current_participants"], detail["waiting_count"]) == (PLACES, 100)
    after = {token: _standing(base, event_id, token)["waitlist_position"] for token in queued}
    # Exactly the first 50 in line were promoted, and the others moved up 50 places.
    assert {t for t, place in after.items() if place is None} == {
        t for t, place in queued.items() if place <= SEATS
    }
    assert {t: p for t, p in after.items() if p is not None} == {
        t: place - SEATS for t, place in queued.items() if place > SEATS
    }
    # The reader: never more participants than places, listed or counted; and from the
    # moment the event was full (the cancellations included), never a free seat.
    assert reader.seen
    assert max(seen.participants for seen in reader.seen) <= PLACES
    assert max(seen.listed for seen in reader.seen) <= PLACES
    assert all(seen.participants == PLACES for seen in reader.seen[full_at:])
