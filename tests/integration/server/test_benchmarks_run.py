"""The list benchmark still runs against the code as it is (a tiny run; the figures
are not looked at, only that they come out). mixed_load.py needs a minute and wrk,
and is run by hand (benchmarks/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(120)

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_list_benchmark_runs() -> None:
    printed = _run("list_events.py", "--events", "200", "--requests", "2")
    assert "first page (20)" in printed
