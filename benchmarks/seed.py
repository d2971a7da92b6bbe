"""Fill a database for benchmarks: N public events over two years, each with its
organizer and an image, and a user who may log in to every API.

    .venv/bin/python benchmarks/seed.py --events 100000 --database-url sqlite:///bench.sqlite3

The user is `bench@example.org` (username `bench`) with the password
`bench-password-1`. Like the people of a real deployment, they organize few of the
events (one in every ORGANIZERS, the others are organized in turn by
ORGANIZERS - 1 other people) and are registered for one in every 2 000 others: a
list's cost for a viewer grows with the events that viewer has, not the table's.
The schema is migrated first; on PostgreSQL the tables are vacuumed and analyzed
last (`settle`).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from list_events import fill
from sqlalchemy import Engine, insert, select, text

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.security.passwords import Argon2PasswordHasher
from eventcore.adapters.sqlalchemy import rows, tables
from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import Registration, User
from eventcore.usecases import accounts

BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "bench-password-1"
ORGANIZERS = 1000
ATTENDED_EVERY = 2000


def seed(engine: Engine, events: int) -> UserId:
    """Migrate, add the bench user, the other organizers and `events` events; the bench
    user's id."""
    upgrade(engine)
    user = accounts.register(
        SqlUnitOfWork(engine),
        SystemClock(),
        Argon2PasswordHasher(),
        Registration(email=BENCH_EMAIL, username="bench", password=BENCH_PASSWORD),
        registrar_id=None,
    )
    now = datetime.now(UTC)
    others = [
        User(
            username=f"organizer{n}",
            email=f"organizer{n}@example.org",
            created_at=now,
            updated_at=now,
        )
        for n in range(1, ORGANIZERS)
    ]
    with engine.begin() as connection:
        connection.execute(insert(tables.users), [rows.user_values(other) for other in others])
        organizers = list(
            connection.execute(
                select(tables.users.c.id).where(tables.users.c.id != user.id)
            ).scalars()
        )
    fill(engine, [user.id, *organizers], events)
    registrations = [
        Attendance(
            event_id=EventId(number),
            user_id=user.id,
            status=AttendanceStatus.REGISTERED,
            created_at=now,
            updated_at=now,
        )
        for number in range(ATTENDED_EVERY // 2 + 7, events + 1, ATTENDED_EVERY)  # never their own
    ]
    if registrations:
        with engine.begin() as connection:
            connection.execute(
                insert(tables.attendances), [rows.attendance_values(r) for r in registrations]
            )
    settle(engine)
    return user.id


def settle(engine: Engine) -> None:
    """On PostgreSQL, do what autovacuum does within a minute or two of a load this
    size: mark the new rows visible to every transaction, so that index-only scans
    need not read the table, and gather the planner's statistics. Left to
    autovacuum, it would happen in the middle of a benchmark. SQLite keeps no
    statistics unless asked, and eventcore never asks: it is left as a deployment
    has it."""
    if engine.dialect.name != "postgresql":
        return
    names = ", ".join(table.name for table in tables.metadata.sorted_tables)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM ANALYZE {names}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    try:
        seed(engine, args.events)
    finally:
        engine.dispose()
    print(f"{args.events} events for {BENCH_EMAIL} in {args.database_url}")


if __name__ == "__main__":
    main()
