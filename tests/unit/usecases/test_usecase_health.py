"""Readiness checks, timed with a fake timer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from eventcore.bootstrap import Core
from eventcore.usecases.health import Check, run_checks


def fake_timer(*readings: float) -> Callable[[], float]:
    """A timer that returns `readings` in order, in seconds."""
    values: Iterator[float] = iter(readings)
    return lambda: next(values)


def test_each_probe_is_called_once_and_timed_in_milliseconds() -> None:
    calls: list[str] = []
    probes = {"database": lambda: calls.append("database"), "redis": lambda: calls.append("redis")}
    results = run_checks(probes, fake_timer(10.0, 10.25, 20.0, 20.0004))
    assert calls == ["database", "redis"]
    assert results == {"database": Check(True, 250.0), "redis": Check(True, 0.4)}


def test_probe_that_raises_is_unhealthy_and_the_others_still_run() -> None:
    def broken() -> None:
        raise ConnectionError("refused")

    results = run_checks(
        {"redis": broken, "database": lambda: None}, fake_timer(0.0, 1.5, 2.0, 2.0)
    )
    assert results == {"redis": Check(False, 1500.0), "database": Check(True, 0.0)}


def test_no_probes_means_no_results() -> None:
    assert run_checks({}, fake_timer()) == {}


def test_memory_database_probe_is_healthy(core: Core) -> None:
    results = run_checks({"database": core.database.describe}, fake_timer(1.0, 1.001))
    assert results["database"].healthy
    assert core.database.describe().backend == "memory"
