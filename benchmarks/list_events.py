"""How fast GatherHub's event list answers over a large table, and what it costs in SQL.

    .venv/bin/python benchmarks/list_events.py                 # SQLite, 100 000 events
    .venv/bin/python benchmarks/list_events.py --postgresql    # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python benchmarks/list_events.py --events 10000 --requests 50

Requests go through the real app (Flask test client, no network), with a real
token, on a database filled by bulk inserts. Prints, per request kind, the
median and 95th-percentile time and the SQL statements one request runs.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import argon2
import attrs
from bench_databases import bench_database
from sqlalchemy import Engine, event, insert, text

from eventcore.adapters.security.passwords import Argon2PasswordHasher
from eventcore.adapters.sqlalchemy import rows, tables
from eventcore.bootstrap import build_core
from eventcore.domain.attendance import organizer_of
from eventcore.domain.event_changes import EventDraft, new_event
from eventcore.domain.events import EventImage
from eventcore.domain.ids import EventId, UserId
from eventcore.http import create_app
from eventcore.settings import Settings


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# What an event is about: one of these leads its title and its description, so a
# search for one of them (`search=jazz`) matches about one event in seventy, as a
# word of a real calendar does, and not most of the table.
TOPICS = _words(
    "jazz chess yoga hackathon picnic concert market run pottery salsa poetry tango "
    "climbing cycling photography gardening knitting baking wine cheese whisky coffee "
    "robotics python rust startup design drawing painting sculpture theatre cinema opera "
    "ballet choir piano guitar violin drums karaoke trivia quiz boardgames bridge poker "
    "football basketball volleyball tennis badminton swimming rowing sailing hiking "
    "camping birdwatching astronomy history philosophy languages spanish french german "
    "japanese cooking vegan sushi barbecue comedy improv storytelling"
)
KINDS = _words("night meetup workshop evening session club gathering class festival morning")
# The rest of a description: words any event might use.
PROSE = _words(
    "join us for a friendly relaxed evening with good people music food drinks and plenty "
    "of time to talk all levels welcome bring a friend beginners are very welcome we meet "
    "every week at the usual place near the station doors open early seats are limited "
    "please register so we know how many to expect free entry small donation suggested "
    "snacks provided accessible venue children welcome outdoors indoors weather "
    "permitting rain or shine hosted by volunteers from the community new faces old "
    "friends local guest speakers short talks open floor afterwards"
)
T0 = datetime(2030, 1, 1, tzinfo=UTC)
BATCH = 5000


def fill(engine: Engine, creator: UserId | Sequence[UserId], count: int) -> None:
    """`count` public events spread over two years, each with its organizer and an
    image; event n is organized by the n-th of `creator` (in turn) when it is a list."""
    creators = [creator] if isinstance(creator, int) else list(creator)
    chooser = random.Random(7)
    for first in range(1, count + 1, BATCH):
        event_rows, attendance_rows, image_rows = [], [], []
        for number in range(first, min(first + BATCH, count + 1)):
            starts_at = T0 + timedelta(hours=chooser.randrange(0, 2 * 365 * 24))
            topic = chooser.choice(TOPICS)
            draft = new_event(
                EventDraft(
                    title=f"{topic.title()} {chooser.choice(KINDS)} {number}",
                    description=" ".join([topic, *chooser.choices(PROSE, k=12)]),
                    starts_at=starts_at,
                    capacity=50,
                    images=(EventImage(f"https://img.example.org/{number}.png"),),
                ),
                creator_id=creators[number % len(creators)],
                category_id=None,
                seats_taken=1,
                now=T0,
            )
            event_id = EventId(number)
            event_rows.append({"id": event_id, **rows.event_values(draft)})
            organizer = organizer_of(attrs.evolve(draft, id=event_id), T0)
            attendance_rows.append(rows.attendance_values(organizer))
            image_rows.extend(rows.image_values(event_id, draft.images))
        with engine.begin() as connection:
            connection.execute(insert(tables.events), event_rows)
            connection.execute(insert(tables.attendances), attendance_rows)
            connection.execute(insert(tables.event_images), image_rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('events', 'id'), "
                    "(SELECT max(id) FROM events))"
                )
            )
            connection.execute(text("ANALYZE"))


def measure(call: Callable[[], Any], requests: int) -> tuple[float, float, int]:
    statements: list[str] = []

    def count(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        statements.append(statement)

    call()  # warm up caches and the connection pool
    event.listen(Engine, "before_cursor_execute", count)
    call()
    event.remove(Engine, "before_cursor_execute", count)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="eventcore-bench-"))
    with bench_database(workdir, postgresql=args.postgresql) as (url, engine):
        # Limits off: this measures the list, not the limiter.
        settings = Settings(
            database_url=url,
            secret_key=secrets.token_hex(32),
            instance_dir=workdir,
            media_dir=workdir / "media",
            rate_limit="off",
            login_rate_limit="off",
        )
        core = attrs.evolve(
            build_core(settings), hasher=Argon2PasswordHasher(argon2.profiles.CHEAPEST)
        )
        try:
            client = create_app(core=core).test_client()
            signed_up = client.post(
                "/api/v1/auth/register/",
                json={
                    "username": "bench",
                    "email": "bench@example.org",
                    "password": "benchmark-pass",
                },
            )
            headers = {"Authorization": f"Bearer {signed_up.get_json()['access']}"}
            started = time.perf_counter()
            fill(engine, UserId(signed_up.get_json()["user"]["id"]), args.events)
            print(
                f"{engine.dialect.name}: {args.events} events inserted in "
                f"{time.perf_counter() - started:.1f} s\n"
            )

            kinds = {
                "first page (20)": "/api/v1/events/",
                "page_size=100": "/api/v1/events/?page_size=100",
                "page 500 of 20": "/api/v1/events/?page=500",
                "search=jazz": "/api/v1/events/?search=jazz",
                "status=upcoming": "/api/v1/events/?status=upcoming",
                "date_from..date_to (1 week)": (
                    "/api/v1/events/?date_from=2030-06-01&date_to=2030-06-07"
                ),
                "creator=1, page_size=100": "/api/v1/events/?creator=1&page_size=100",
                "detail": f"/api/v1/events/{args.events // 2}/",
            }
            print(f"{'request':32} {'median ms':>10} {'p95 ms':>8} {'statements':>11}")
            for name, path in kinds.items():

                def call(path: str = path) -> None:
                    response = client.get(path, headers=headers)
                    assert response.status_code == 200, response.get_json()

                median, p95, statements = measure(call, args.requests)
                print(f"{name:32} {median:10.1f} {p95:8.1f} {statements:11d}")
        finally:
            core.close()


if __name__ == "__main__":
    main()
