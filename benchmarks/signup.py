"""How fast sign-ups for one event are accepted under load, and that none is oversold.

    .venv/bin/python benchmarks/signup.py                  # SQLite and PostgreSQL
    .venv/bin/python benchmarks/signup.py --backend sqlite --seats 1000 --duration 10

For each database: `eventcore serve --workers 2` on a fresh database with the rate
limits off, `--people` accounts (bulk-inserted, each with an access token), and one
GatherHub event of `--seats` free places. wrk (`apt-get install wrk`) then sends 50
connections' worth of POST /api/v1/events/<id>/join/, one person per request, for
`--duration` seconds, long after the event is full. Prints what wrk saw and, from the
database, how many were registered, how fast the seats were taken (from the first to
the last registration's timestamp) and the oversell (registered beyond capacity),
which must be 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from eventcore.adapters.sqlalchemy import rows, tables
from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.bootstrap import build_core
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.ids import UserId
from eventcore.domain.users import User
from eventcore.settings import Settings
from eventcore.usecases.tokens import issue_access_token

# The server helpers the tests use: fresh databases and `eventcore serve` on a free port.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from live_server import call, eventcore_serve, fresh_database, run_cli

HERE = Path(__file__).resolve().parent
CONNECTIONS = 50
THREADS = 2
BATCH = 5000


def add_people(url: str, settings: Settings, count: int) -> list[str]:
    """`count` accounts inserted in bulk; returns an access token for each."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        for first in range(0, count, BATCH):
            people = [
                rows.user_values(
                    User(
                        username=f"p{n}", email=f"p{n}@example.org", created_at=now, updated_at=now
                    )
                )
                for n in range(first, min(first + BATCH, count))
            ]
            with engine.begin() as connection:
                connection.execute(insert(tables.users), people)
        with engine.connect() as connection:
            ids = connection.execute(
                select(tables.users.c.id).order_by(tables.users.c.id)
            ).scalars()
            user_ids = [UserId(i) for i in ids]
    finally:
        engine.dispose()
    core = build_core(settings)
    try:
        return [issue_access_token(core.tokens, user_id, now) for user_id in user_ids]
    finally:
        core.close()


def registrations(url: str, event_id: int) -> tuple[int, float]:
    """Registered attendances of the event (its organizer included), and the seconds
    from the first to the last registration after the organizer's."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            a = tables.attendances
            taken = connection.execute(
                select(func.count(), func.min(a.c.created_at), func.max(a.c.created_at)).where(
                    a.c.event_id == event_id,
                    a.c.status == AttendanceStatus.REGISTERED.value,
                    a.c.is_organizer.is_(False),
                )
            ).one()
    finally:
        engine.dispose()
    count, first, last = taken
    return count + 1, (last - first).total_seconds() if count > 1 else 0.0


def run(backend: str, people: int, seats: int, duration: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="eventcore-signup-"))
    try:
        with fresh_database(backend, folder) as url:
            env = {
                **os.environ,
                "EVENTCORE_DATABASE_URL": url,
                "EVENTCORE_INSTANCE_DIR": str(folder / "instance"),
                "EVENTCORE_SECRET_KEY": "signup-benchmark-" + "k" * 32,
                "EVENTCORE_RATE_LIMIT": "off",
                "EVENTCORE_LOGIN_RATE_LIMIT": "off",
            }
            run_cli(env, "db", "upgrade")
            access = add_people(url, Settings.from_env(env), people + 1)
            token_file = folder / "tokens.txt"
            token_file.write_text("\n".join(access[1:]) + "\n")
            with eventcore_serve(env, workers=2) as base:
                created = call(
                    base,
                    "POST",
                    "/api/v1/events/",
                    {
                        "title": "Sold out",
                        "date": "2030-06-01T20:00:00Z",
                        "max_participants": seats + 1,
                    },
                    token=access[0],
                )
                assert created.status == 201, created.body
                event_id = created.body["id"]
                done = subprocess.run(
                    [
                        "wrk",
                        "--timeout",
                        "30s",
                        f"-t{THREADS}",
                        f"-c{CONNECTIONS}",
                        f"-d{duration}s",
                        "-s",
                        str(HERE / "signup.lua"),
                        f"{base}/api/v1/events/{event_id}/join/",
                    ],
                    env={**env, "SIGNUP_TOKENS": str(token_file), "SIGNUP_THREADS": str(THREADS)},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                line = next(x for x in done.stdout.splitlines() if x.startswith("WRK "))
                seen = json.loads(line.removeprefix("WRK "))
                detail = call(base, "GET", f"/api/v1/events/{event_id}/", token=access[0]).body
            registered, filling = registrations(url, event_id)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "backend": backend,
        "seats": seats,
        "requests": seen["requests"],
        "requests/s": round(seen["requests"] / (seen["duration_us"] / 1e6)),
        "accepted (200)": seen["accepted"],
        "refused (400)": seen["non_2xx"],
        "socket errors": seen["socket_errors"],
        "accepted/s while seats lasted": round((registered - 2) / filling) if filling else None,
        "p50 ms": seen["p50_ms"],
        "p99 ms": seen["p99_ms"],
        "registered": registered - 1,
        "current_participants": detail["current_participants"],
        # Registrations beyond the seats, in the database and in the answers: must be 0.
        "oversold": max(0, registered - 1 - seats, seen["accepted"] - seats),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        print(json.dumps(run(backend, args.people, args.seats, args.duration)), flush=True)


if __name__ == "__main__":
    main()
