"""How evenly `eventcore serve --workers 2` spreads kept-alive connections over its
workers: with a listening socket per worker (SO_REUSEPORT, what `serve` does) and with
one socket all workers share (gunicorn's default).

    .venv/bin/python benchmarks/worker_balance.py [--events 10000] [--runs 8] [--series 2]

It seeds a SQLite database (seed.py), then serves it each way in turn, `--series`
times, each time with new workers. A series is `--runs` wrk runs of 3 s, GatherHub's
list and Eventify's day in turn, back to back as a benchmark sends them. For each run
it prints the rate and the CPU time of the less busy worker over the busier one's:
1.00 when they shared the work, 0.00 when one worker had every connection. wrk must
be installed (benchmarks/run installs it).
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

import machine
import wrk_load
from bench_databases import bench_database
from bench_server import eventcore_environment, free_port, serving
from request_kinds import FIRST_PAGE, log_in, request_kinds
from seed import seed

from eventcore.server import THREADS_PER_WORKER, Server, cap_malloc_arenas, server_options

WORKERS = 2
RUN_SECONDS = 3
# A run in which the less busy worker used under this share of the busier one's CPU
# time is counted as served by one worker.
ONE_WORKER = 0.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--series", type=int, default=2)
    parser.add_argument("--serve-on-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--shared-socket", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_on_port:
        _serve(args.serve_on_port, shared_socket=args.shared_socket)
        return
    with (
        tempfile.TemporaryDirectory() as folder,
        bench_database(Path(folder), postgresql=False) as (url, engine),
    ):
        bench_user = seed(engine, args.events)
        secret_key = secrets.token_hex(32)
        one_worker = {"socket per worker": 0, "shared socket": 0}
        for series in range(1, args.series + 1):
            for way in one_worker:
                shares = _series(url, Path(folder), secret_key, way, args.runs, bench_user)
                print(f"series {series}, {way:17}", "  ".join(f"{s:.2f}" for s in shares))
                one_worker[way] += sum(share < ONE_WORKER for share in shares)
        total = args.runs * args.series
        for way, count in one_worker.items():
            print(f"{way}: {count} of {total} runs served by one worker")


def _series(
    url: str, folder: Path, secret_key: str, way: str, runs: int, bench_user: int
) -> list[float]:
    """The less busy worker's share of the busier one's CPU time in each run."""
    port = free_port()
    command = [sys.executable, __file__, "--serve-on-port", str(port)]
    if way == "shared socket":
        command.append("--shared-socket")
    env = eventcore_environment(url, folder, secret_key)
    log = folder / "server.log"
    shares = []
    with serving(f"eventcore ({way})", command, env, port, "/health/live/", log) as server:
        credentials = log_in(server.base)
        # http_compare.py's requests; one database, so its 10k kind and detail go unused.
        every_kind = request_kinds(
            credentials, credentials, 0, bench_user, event_id=1, unpaged=False
        )
        by_name = {kind.name: kind.request for kind in every_kind}
        kinds = [by_name[FIRST_PAGE], by_name["eventify day"]]
        scripts = [wrk_load.write_script(kind, folder, f"kind{i}") for i, kind in enumerate(kinds)]
        workers = machine.worker_pids(server.pid)
        for run in range(runs):
            kind = run % len(kinds)
            before = [machine.cpu_ms([pid]) for pid in workers]
            load = wrk_load.wrk(server.base, kinds[kind], scripts[kind], RUN_SECONDS)
            after = [machine.cpu_ms([pid]) for pid in workers]
            used = [end - start for start, end in zip(before, after, strict=True)]
            shares.append(min(used) / max(max(used), 1.0))
            print(f"  run {run + 1}: {load.per_second:6.0f} req/s, workers' CPU ms {used}")
    return shares


def _serve(port: int, *, shared_socket: bool) -> None:
    options = server_options("127.0.0.1", port, WORKERS, THREADS_PER_WORKER)
    if shared_socket:
        options["reuse_port"] = False
    cap_malloc_arenas()
    Server(options).run()


if __name__ == "__main__":
    main()
