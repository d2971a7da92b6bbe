"""Every API writes a moment as UTC, in whole seconds, with a Z."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from eventcore.timestamps import utc_z


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2030, 6, 3, 12, 30, 15, 999_999, tzinfo=UTC),
        datetime(2030, 6, 3, 12, 30, 15),  # naive: taken to be UTC
        datetime(2030, 6, 3, 14, 30, 15, 1, tzinfo=ZoneInfo("Europe/Berlin")),
        datetime(2030, 6, 3, 7, 30, 15, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2030, 6, 3, 12, 30, 15, tzinfo=timezone(timedelta(0))),
    ],
)
def test_a_moment_is_written_in_utc_whole_seconds_with_a_z(moment: datetime) -> None:
    assert utc_z(moment) == "2030-06-03T12:30:15Z"


def test_years_before_1000_keep_four_digits() -> None:
    assert utc_z(datetime(5, 1, 1, tzinfo=UTC)) == "0005-01-01T00:00:00Z"
