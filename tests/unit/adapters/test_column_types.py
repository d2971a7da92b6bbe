"""UtcDateTime's one-step conversions on SQLite give what the type and SQLAlchemy's
DATETIME give in two."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import DATETIME

from eventcore.adapters.sqlalchemy.types import UtcDateTime

DIALECT = sqlite.dialect()
# The type as SQLAlchemy uses it on SQLite: over SQLite's own DATETIME.
COLUMN = UtcDateTime().dialect_impl(DIALECT)
DATETIME_TEXT = DATETIME().bind_processor(DIALECT)
DATETIME_VALUE = DATETIME().result_processor(DIALECT, None)

zones = st.sampled_from(
    [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), timezone(timedelta(hours=5))]
)
aware = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=zones)


def processor(kind: str) -> Callable[[Any], Any]:
    found = (
        COLUMN.bind_processor(DIALECT) if kind == "bind" else COLUMN.result_processor(DIALECT, None)
    )
    assert found is not None
    return found


def two_steps_bind(value: datetime) -> str:
    assert DATETIME_TEXT is not None
    text: str = DATETIME_TEXT(COLUMN.process_bind_param(value, DIALECT))
    return text


def two_steps_result(text: str) -> datetime | None:
    assert DATETIME_VALUE is not None
    return COLUMN.process_result_value(DATETIME_VALUE(text), DIALECT)


@given(aware)
def test_a_moment_is_stored_as_the_text_datetime_writes(moment: datetime) -> None:
    assert processor("bind")(moment) == two_steps_bind(moment)


@given(aware)
def test_the_stored_text_reads_back_the_same_moment(moment: datetime) -> None:
    text = two_steps_bind(moment)
    read = processor("result")(text)
    # In UTC: Python never finds a moment of a zone's repeated hour equal to one of
    # another zone.
    assert read == two_steps_result(text) == moment.astimezone(UTC)
    assert read.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "2030-06-01 12:30:00",  # CURRENT_TIMESTAMP's form
        "2030-06-01 12:30:00.5",
        "2030-06-01 12:30:00.00000",
        "2030-06-01",
        "2030-06-01 12:30:00+02:00",
    ],
)
def test_other_stored_forms_read_as_datetime_reads_them(text: str) -> None:
    assert processor("result")(text) == two_steps_result(text)


def test_none_stays_none() -> None:
    assert processor("bind")(None) is None
    assert processor("result")(None) is None


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        processor("bind")(datetime(2030, 6, 1, 12, 30))
