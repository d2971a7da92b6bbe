"""Load held: 50 concurrent clients mixing list, detail, create and join for 60 s
against `eventcore serve --workers 2`, through wrk on the loopback only.

    .venv/bin/python benchmarks/mixed_load.py                 # SQLite file
    .venv/bin/python benchmarks/mixed_load.py --postgresql    # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python benchmarks/mixed_load.py --seconds 20 --events 2000

It fills the database with events (as list_events.py does), signs up 50 people
through the API, then runs wrk with mixed.lua: 60% list pages, 25% details, 10%
new events, 5% joins, each as a random one of the 50. It prints the count of
each status, wrk's latency percentiles, and the resident memory of each worker
before and after. Needs wrk (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from bench_databases import bench_database
from bench_server import eventcore_server
from list_events import fill
from machine import memory, worker_pids

from eventcore.domain.ids import UserId

HERE = Path(__file__).resolve().parent
CLIENTS = 50


def post(base: str, path: str, body: object) -> dict[str, object]:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, object] = json.loads(response.read())
        return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="eventcore-load-"))
    database = contextlib.ExitStack()
    url, engine = database.enter_context(bench_database(workdir, postgresql=args.postgresql))
    server = database.enter_context(eventcore_server(url, workdir))
    base = server.base
    try:
        tokens = [
            post(
                base,
                "/api/v1/auth/register/",
                {
                    "username": f"load{n}",
                    "email": f"load{n}@example.org",
                    "password": "bench-password-1",
                },
            )["access"]
            for n in range(CLIENTS)
        ]
        fill(engine, UserId(1), args.events)
        config = workdir / "tokens.lua"
        config.write_text(
            "return {tokens = {" + ", ".join(f'"{t}"' for t in tokens) + "}, "
            f"events = {args.events}}}\n"
        )
        before = [memory(pid) for pid in worker_pids(server.pid)]
        done = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CLIENTS}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(HERE / "mixed.lua"),
                base,
            ],
            env={**os.environ, "MIXED_LOAD_CONFIG": str(config)},
            capture_output=True,
            text=True,
            check=True,
        )
        after = [memory(pid) for pid in worker_pids(server.pid)]
    finally:
        database.close()
        shutil.rmtree(workdir, ignore_errors=True)

    backend = "PostgreSQL" if args.postgresql else "SQLite"
    print(f"{backend}, {args.events} events, {CLIENTS} clients, {args.seconds} s")
    for line in done.stdout.splitlines():
        if line.split(" ", 1)[0] in {"STATUS", "LATENCY", "TOTAL"} or "Requests/sec" in line:
            print(line.strip())
    print(
        "worker memory MiB (resident/proportional/own) before",
        ", ".join(map(str, before)),
        "after",
        ", ".join(map(str, after)),
    )


if __name__ == "__main__":
    main()
