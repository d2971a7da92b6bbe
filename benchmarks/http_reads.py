"""Reads through the real server: GatherHub's event list, an event's detail and
`/health/`, under wrk, on a database of N events (benchmarks/seed.py).

    .venv/bin/python benchmarks/http_reads.py                      # SQLite, 100 000 events
    .venv/bin/python benchmarks/http_reads.py --postgresql --events 10000

It seeds the database, starts `eventcore serve --workers 2` (limits off), logs the
bench user in, and runs `wrk -t2 -c16` for `--seconds` on each request kind, the
kinds interleaved over `--rounds` rounds. Prints req/s, p50 and p99 per round.
Needs wrk (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from bench_databases import bench_database
from bench_server import eventcore_server
from seed import BENCH_EMAIL, BENCH_PASSWORD, seed

KINDS = {
    "list, page 1 of 20": "/api/v1/events/?page_size=20",
    "detail": "/api/v1/events/{middle}/",
    "health": "/health/",
}
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if found is None:
        raise ValueError(f"not a wrk duration: {text}")
    return float(found.group(1)) * _UNITS[found.group(2)]


def wrk(url: str, token: str, seconds: int) -> tuple[float, float, float, str]:
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, errors.group(1) if errors else "0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="eventcore-reads-"))
    database = contextlib.ExitStack()
    url, engine = database.enter_context(bench_database(workdir, postgresql=args.postgresql))
    seed(engine, args.events)
    server = database.enter_context(eventcore_server(url, workdir))
    base = server.base
    try:
        login = urllib.request.Request(
            base + "/api/v1/auth/login/",
            data=json.dumps({"username": BENCH_EMAIL, "password": BENCH_PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(login, timeout=30) as answer:
            token = json.loads(answer.read())["access"]
        backend = "PostgreSQL" if args.postgresql else "SQLite"
        print(
            f"{backend}, {args.events} events, wrk -t2 -c16 -d{args.seconds}s, {args.rounds} rounds"
        )
        print(
            f"{'request':24} {'round':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}"
        )
        for round_number in range(1, args.rounds + 1):
            for name, path in KINDS.items():
                target = base + path.format(middle=args.events // 2)
                rate, p50, p99, errors = wrk(target, token, args.seconds)
                print(f"{name:24} {round_number:>5} {rate:8.1f} {p50:8.1f} {p99:8.1f} {errors:>8}")
    finally:
        database.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
