"""The benchmarks still run against the code as it is (tiny runs; the figures are not
looked at, only that they come out). mixed_load.py needs a minute and wrk, and is run
by hand (benchmarks/README.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(170)

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=160,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_list_benchmark_runs() -> None:
    printed = _run("list_events.py", "--events", "200", "--requests", "2")
    assert "first page (20)" in printed


@pytest.mark.skipif(shutil.which("wrk") is None, reason="the HTTP benchmark needs wrk")
def test_the_http_comparison_runs_with_answers_alike() -> None:
    printed = _run(
        "http_compare.py",
        *("--events", "200", "--seconds", "1", "--rounds", "1"),
        *("--warm-up", "0", "--quiet-wait", "0"),
    )
    assert "list >= 0.8x baseline" in printed
    assert "Total time" in printed
