"""eventcore against a hand-written Flask baseline, through real servers under wrk
(issue 14): GatherHub's event list and its filters, an event's detail, /health/,
Eventify's month and day calendars and ticketing's event list.

    benchmarks/run                                         # installs what it needs, then this
    .venv/bin/python benchmarks/http_compare.py            # SQLite, 100 000 events
    .venv/bin/python benchmarks/http_compare.py --postgresql --events 10000 --rounds 1

It seeds a database of --events events (seed.py) and one of a tenth as many, starts
`eventcore serve` and the baseline (baseline_app.py, under the same gunicorn set-up,
baseline_server.py) on each, checks that both answer every request kind alike and
counts the SQL statements of each (same_answers.py), and then runs `wrk -t2 -c16
--latency` for --seconds on every kind, eventcore and the baseline in turn, over
--rounds rounds, after waiting each time for the machine to quieten. Prints one table
(req/s, p50, p99, CPU ms and statements per request, eventcore / baseline in each
round), the goals of issue 14 against it, the workers' memory and the total time.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen
from baseline_server import THREADS_PER_WORKER, WORKER_CLASS, baseline_server
from bench_databases import bench_database
from bench_server import Server, eventcore_server
from compare_report import Measured, print_goals, print_table
from machine import cpu_ms, memory, settled_cpu_ms, wait_for_quiet, worker_pids
from request_kinds import Credentials, Kind, count_label, log_in, request_kinds
from same_answers import BASELINE, EVENTCORE, both_apps, check_and_count
from seed import seed
from sqlalchemy import Engine, text
from wrk_load import CONNECTIONS, THREADS, one_at_a_time, write_script, wrk


@frozen
class Database:
    url: str
    events: int
    bench_user: int
    health_body: bytes
    credentials: Credentials
    servers: dict[str, Server]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server")
    parser.add_argument(
        "--warm-up", type=int, default=1, help="seconds of wrk on each kind first (0: none)"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=1.0,
        help="seconds to wait at most for a quiet machine before each run",
    )
    parser.add_argument("--postgresql", action="store_true", help="PostgreSQL on 127.0.0.1:5432")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk (benchmarks/run installs it)")
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="eventcore-compare-"))
    try:
        with contextlib.ExitStack() as stack:
            secret = secrets.token_hex(32)
            large, engine = _start(stack, workdir / "large", args, args.events, secret)
            small, _ = _start(stack, workdir / "small", args, max(1, args.events // 10), secret)
            kinds = request_kinds(
                large.credentials,
                small.credentials,
                small.events,
                large.bench_user,
                max(1, large.events // 2),
                unpaged=True,
            )
            statements: dict[str, dict[str, int]] = {}
            checking = time.perf_counter()
            for database, folder in ((large, workdir / "large"), (small, workdir / "small")):
                mine = [kind for kind in kinds if (database is small) == kind.small]
                with both_apps(database.url, secret, database.health_body, folder) as clients:
                    statements |= check_and_count(mine, clients)
            _say(
                "every kind answered alike by eventcore and the baseline "
                f"(checked in {time.perf_counter() - checking:.0f} s)"
            )
            _print_setting(args, engine, large, small)
            results = _measure(kinds, {False: large, True: small}, args, workdir)
            memory = _memory(large, small)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_table(kinds, results, statements)
    print()
    print_goals(kinds, results)
    print()
    print(memory)
    print(f"\nTotal time: {time.perf_counter() - started:.0f} s")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _start(
    stack: contextlib.ExitStack, folder: Path, args: argparse.Namespace, events: int, secret: str
) -> tuple[Database, Engine]:
    """A seeded database with eventcore and the baseline serving it, until `stack` ends."""
    folder.mkdir()
    url, engine = stack.enter_context(bench_database(folder, postgresql=args.postgresql))
    seeding = time.perf_counter()
    bench_user = seed(engine, events)
    _say(f"{events} events seeded in {time.perf_counter() - seeding:.1f} s")
    eventcore = stack.enter_context(
        eventcore_server(url, folder, workers=args.workers, secret_key=secret)
    )
    with urllib.request.urlopen(eventcore.base + "/health/", timeout=30) as answer:
        health_body = answer.read()
    baseline = stack.enter_context(
        baseline_server(
            url, folder, workers=args.workers, secret_key=secret, health_body=health_body
        )
    )
    servers = {EVENTCORE: eventcore, BASELINE: baseline}
    database = Database(url, events, bench_user, health_body, log_in(eventcore.base), servers)
    return database, engine


def _print_setting(
    args: argparse.Namespace, engine: Engine, large: Database, small: Database
) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            version = connection.execute(text("SHOW server_version")).scalar_one()
            backend = f"PostgreSQL {version}"
        else:
            backend = f"SQLite {sqlite3.sqlite_version}"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    print(
        f"{backend}; {count_label(large.events)} events (and {count_label(small.events)} for "
        f"the comparison); Python {platform.python_version()}; {_cores()} cores\n"
        f"servers: gunicorn {WORKER_CLASS}, {args.workers} workers x {THREADS_PER_WORKER} "
        f"threads each; load: {wrk_version.stdout.split(' [')[0]} -t{THREADS} -c{CONNECTIONS} "
        f"--latency, {args.seconds} s a run, {args.rounds} rounds\n",
        flush=True,
    )


def _cores() -> int:
    return len(Path("/proc/cpuinfo").read_text().split("processor\t")) - 1


def _measure(
    kinds: Sequence[Kind], databases: dict[bool, Database], args: argparse.Namespace, workdir: Path
) -> list[Measured]:
    scripts = {
        kind.name: write_script(kind.request, workdir, f"kind{n}") for n, kind in enumerate(kinds)
    }
    if args.warm_up:
        _say("warming up")
    for kind in kinds:
        for server in databases[kind.small].servers.values():
            if kind.loaded and args.warm_up:
                wrk(server.base, kind.request, scripts[kind.name], args.warm_up)
    # The warm-up leaves requests behind (every run does; each waits for its own).
    for database in databases.values():
        for server in database.servers.values():
            settled_cpu_ms(worker_pids(server.pid))
    results = []
    for round_number in range(1, args.rounds + 1):
        # Alternate who goes first, so that a neighbour's load does not fall on one only.
        order = (EVENTCORE, BASELINE) if round_number % 2 else (BASELINE, EVENTCORE)
        for kind in kinds:
            for name in order:
                server = databases[kind.small].servers[name]
                measured = _run(kind, name, server, round_number, args, scripts[kind.name])
                results.append(measured)
                _say(
                    f"round {round_number}/{args.rounds} {kind.name:18} {name:9} "
                    f"{measured.load.per_second:8.1f} req/s"
                )
    return results


def _run(
    kind: Kind, name: str, server: Server, round_number: int, args: argparse.Namespace, script: Path
) -> Measured:
    workers = worker_pids(server.pid)
    quiet = wait_for_quiet(give_up_after=args.quiet_wait)
    before = cpu_ms(workers)
    if kind.loaded:
        load = wrk(server.base, kind.request, script, args.seconds)
        # wrk keeps one request in flight per connection; when it stops, the server
        # still answers those, and that CPU time is in the reading too.
        served = load.requests + CONNECTIONS
    else:
        load = one_at_a_time(server.base, kind.request, 1)
        served = load.requests
    used = settled_cpu_ms(workers) - before
    return Measured(kind.name, name, round_number, load, used / served, quiet)


def _memory(large: Database, small: Database) -> str:
    lines = ["Worker memory at the end (MiB, resident/proportional/own; machine.Memory):"]
    for database in (large, small):
        for name, server in database.servers.items():
            sizes = ", ".join(str(memory(pid)) for pid in worker_pids(server.pid))
            lines.append(f"  {name:9} on {count_label(database.events):>5} events: {sizes}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
