"""What one full pass of Python's garbage collector costs in a worker of `eventcore
serve`, before and after the worker freezes its long-lived objects
(eventcore.server.freeze_long_lived_objects).

    .venv/bin/python benchmarks/collector_pauses.py

It builds the app as a worker does (every surface, on a new SQLite database), then
times a full collection five times, freezes, and times five more. A full pass holds
the GIL: the worker answers nothing while it runs."""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from pathlib import Path

from bench_databases import bench_database

from eventcore.bootstrap import build_core
from eventcore.http import create_app
from eventcore.server import freeze_long_lived_objects
from eventcore.settings import Settings

PASSES = 5


def full_pass_ms() -> float:
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        bench_database(Path(folder), postgresql=False) as (url, _),
    ):
        settings = Settings.from_env(
            {"EVENTCORE_DATABASE_URL": url, "EVENTCORE_INSTANCE_DIR": folder}
        )
        app = create_app(build_core(settings))
        tracked = len(gc.get_objects())
        before = [full_pass_ms() for _ in range(PASSES)]
        freeze_long_lived_objects()
        after = [full_pass_ms() for _ in range(PASSES)]
        app.extensions["eventcore"].close()
    print(f"objects the collector tracks once the app is built: {tracked:,}")
    print(f"full pass, median of {PASSES}: {statistics.median(before):.1f} ms before freezing,")
    print(f"{statistics.median(after):.2f} ms after")


if __name__ == "__main__":
    main()
