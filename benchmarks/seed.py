"""Fill a database for benchmarks: N public events over two years, each with its
organizer and an image, and a user who may log in to every API.

    .venv/bin/python benchmarks/seed.py --events 100000 --database-url sqlite:///bench.sqlite3

The user is `bench@example.org` (username `bench`) with the password
`bench-password-1`, and organizes every event. The schema is migrated first.
"""

from __future__ import annotations

import argparse

from list_events import fill
from sqlalchemy import Engine

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.security.passwords import Argon2PasswordHasher
from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.ids import UserId
from eventcore.domain.users import Registration
from eventcore.usecases import accounts

BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "bench-password-1"


def seed(engine: Engine, events: int) -> UserId:
    """Migrate, add the bench user and `events` events of theirs; the user's id."""
    upgrade(engine)
    user = accounts.register(
        SqlUnitOfWork(engine),
        SystemClock(),
        Argon2PasswordHasher(),
        Registration(email=BENCH_EMAIL, username="bench", password=BENCH_PASSWORD),
        registrar_id=None,
    )
    fill(engine, user.id, events)
    return user.id


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
