"""How fast the calendar feeds answer through the real server, under a real load generator.

    .venv/bin/python benchmarks/calendar_feeds.py                 # SQLite, 100 000 events
    .venv/bin/python benchmarks/calendar_feeds.py --postgresql    # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python benchmarks/calendar_feeds.py --events 10000 --requests 100

Fills a database with public events (list_events.fill), gives one person 500 of them
(registered for half, interested in the other half), starts `eventcore serve` on a free
port of 127.0.0.1, and sends each request `--requests` times with `hey` (apt-get install
hey), `--concurrency` at a time: the person's feed, the public feed (the soonest 500 of
every upcoming event), a filtered public feed, one event, and the feeds again with the
ETag of the first answer (304s). Prints how long the first answer took (it writes the
text; the server then keeps it by ETag), requests per second, the median and 95th
percentile, the status codes and the body size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_databases import bench_database
from bench_server import eventcore_server
from list_events import T0, fill
from sqlalchemy import Engine, insert, select, text

from eventcore.adapters.sqlalchemy import rows, tables
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.ids import EventId, UserId

PERSON_EVENTS = 500


def call(
    base: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, dict(response.headers), response.read()


def give_events(engine: Engine, person: UserId, count: int) -> None:
    """`person` registered for every other one of `count` events spread over the table,
    and interested in the rest."""
    with engine.begin() as connection:
        total = connection.execute(select(tables.events.c.id).order_by(tables.events.c.id)).all()
        step = max(1, len(total) // count)
        chosen = [row[0] for row in total[::step][:count]]
        connection.execute(
            insert(tables.attendances),
            [
                rows.attendance_values(
                    Attendance(
                        event_id=EventId(event_id),
                        user_id=person,
                        status=AttendanceStatus.REGISTERED
                        if n % 2
                        else AttendanceStatus.INTERESTED,
                        created_at=T0,
                        updated_at=T0,
                    )
                )
                for n, event_id in enumerate(chosen)
            ],
        )
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))


def hey(url: str, requests: int, concurrency: int, headers: dict[str, str]) -> dict[str, str]:
    command = ["hey", "-n", str(requests), "-c", str(concurrency), "-t", "120"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=3600
    ).stdout
    codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)
    return {
        "rps": re.search(r"Requests/sec:\s+([\d.]+)", output).group(1),  # type: ignore[union-attr]
        "p50": str(round(float(re.search(r"50%+ in ([\d.]+) secs", output).group(1)) * 1000, 1)),  # type: ignore[union-attr]
        "p95": str(round(float(re.search(r"95%+ in ([\d.]+) secs", output).group(1)) * 1000, 1)),  # type: ignore[union-attr]
        "codes": " ".join(f"{code}x{n}" for code, n in codes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    if shutil.which("hey") is None:
        sys.exit("hey is not installed: apt-get install hey")

    workdir = Path(tempfile.mkdtemp(prefix="eventcore-feeds-bench-"))
    database = contextlib.ExitStack()
    url, engine = database.enter_context(bench_database(workdir, postgresql=args.postgresql))
    try:
        base = database.enter_context(eventcore_server(url, workdir, workers=args.workers)).base

        def sign_up(name: str) -> tuple[UserId, dict[str, str]]:
            _, _, raw = call(
                base,
                "POST",
                "/api/v1/auth/register/",
                {"username": name, "email": f"{name}@example.org", "password": "benchmark-pass"},
            )
            body = json.loads(raw)
            return UserId(body["user"]["id"]), {"Authorization": f"Bearer {body['access']}"}

        organizer, _ = sign_up("organizer")
        person, as_person = sign_up("person")
        started = time.perf_counter()
        fill(engine, organizer, args.events)
        give_events(engine, person, PERSON_EVENTS)
        print(
            f"{engine.dialect.name}: {args.events} events inserted, {PERSON_EVENTS} of them "
            f"the person's, in {time.perf_counter() - started:.1f} s; "
            f"{args.workers} workers, {args.requests} requests {args.concurrency} at a time\n"
        )
        _, _, raw = call(base, "POST", "/api/v1/calendar/feed/", headers=as_person)
        # Built from the request's Host, so it names this server already.
        feed_url = json.loads(raw)["url"]
        kinds = {
            "person's feed (500 events)": feed_url,
            "public feed (first 500 of all)": f"{base}/api/v1/calendar/public.ics",
            "public feed, one week": (
                f"{base}/api/v1/calendar/public.ics?date_from=2030-06-01&date_to=2030-06-07"
            ),
            "one event": f"{base}/api/v1/events/{args.events // 2}/calendar.ics",
        }
        print(
            f"{'request':42} {'first ms':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'KiB':>5}  codes"
        )
        for name, target in kinds.items():
            # The first answer writes the text; later ones with the same ETag reuse it.
            started = time.perf_counter()
            _, headers, body = call(target, "GET", "")
            first = (time.perf_counter() - started) * 1000
            for label, extra in (
                ("", {}),
                (" (If-None-Match)", {"If-None-Match": headers["ETag"]}),
            ):
                result = hey(target, args.requests, args.concurrency, extra)
                size = 0 if extra else len(body) / 1024
                print(
                    f"{name + label:42} {'' if extra else f'{first:.0f}':>9} "
                    f"{result['rps']:>8} {result['p50']:>8} {result['p95']:>8} "
                    f"{size:5.0f}  {result['codes']}"
                )
    finally:
        database.close()
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"\nmeasured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()
