"""The baseline app (baseline_app.py) under gunicorn, served as `eventcore serve` serves
eventcore: gunicorn's settings from `eventcore.server.process_settings` (worker class,
threads per worker, access log, timeout), malloc capped alike, the same worker count
(given), on a free port of 127.0.0.1.

    .venv/bin/python benchmarks/baseline_server.py --port 8001 --workers 2

reads EVENTCORE_DATABASE_URL, EVENTCORE_SECRET_KEY and BASELINE_HEALTH_BODY.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_server import Server, free_port, serving
from flask import Flask

import eventcore.server

THREADS_PER_WORKER: int = eventcore.server.THREADS_PER_WORKER
WORKER_CLASS: str = eventcore.server.WORKER_CLASS


@contextmanager
def baseline_server(
    url: str, workdir: Path, *, workers: int, secret_key: str, health_body: bytes
) -> Iterator[Server]:
    """The baseline on `url`, checking tokens signed with `secret_key`, once /health/
    answers. Its log goes to `workdir`/baseline.log."""
    port = free_port()
    env = {
        **os.environ,
        "EVENTCORE_DATABASE_URL": url,
        "EVENTCORE_SECRET_KEY": secret_key,
        "BASELINE_HEALTH_BODY": health_body.decode(),
    }
    command = [sys.executable, __file__, "--port", str(port), "--workers", str(workers)]
    log_file = workdir / "baseline.log"
    with serving("the baseline app", command, env, port, "/health/", log_file) as server:
        yield server


class _Gunicorn(eventcore.server.GunicornApp):
    def load(self) -> Flask:
        # In each worker after the fork, as eventcore builds its app: its own engine.
        from baseline_app import app_from_environment

        return app_from_environment()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    args = parser.parse_args()
    eventcore.server.cap_malloc_arenas()
    _Gunicorn(
        eventcore.server.process_settings("127.0.0.1", args.port, args.workers, THREADS_PER_WORKER)
    ).run()


if __name__ == "__main__":
    main()
