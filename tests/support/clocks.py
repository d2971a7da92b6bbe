"""Clocks for tests: time stands still until the test moves it."""

from __future__ import annotations

from datetime import datetime

from eventcore.adapters.clock import FixedClock
from support.constants import T0

__all__ = ["FixedClock", "fixed_clock"]


def fixed_clock(at: datetime = T0) -> FixedClock:
    """A clock stopped at `at` (T0 unless told); `advance` moves it."""
    return FixedClock(at)
