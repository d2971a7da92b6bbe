"""Readiness: is every backing service answering?"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from attrs import frozen


@frozen
class Check:
    healthy: bool
    latency_ms: float


def run_checks(
    probes: Mapping[str, Callable[[], object]], timer: Callable[[], float]
) -> dict[str, Check]:
    """Call each probe once, timed with `timer` (seconds); a probe that raises is unhealthy."""
    results: dict[str, Check] = {}
    for name, probe in probes.items():
        started = timer()
        try:
            probe()
            healthy = True
        except Exception:
            healthy = False
        results[name] = Check(healthy, round((timer() - started) * 1000, 1))
    return results
