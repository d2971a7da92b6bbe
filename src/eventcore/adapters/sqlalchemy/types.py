"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Dialect, Numeric, Text
from sqlalchemy.types import TypeDecorator, TypeEngine

if TYPE_CHECKING:
    from sqlalchemy.sql.type_api import _BindProcessorType, _ResultProcessorType

# The text SQLite's DATETIME stores by default, which every stored row holds:
# "2030-06-01 12:30:00.000000". A test compares it with SQLAlchemy's own.
_SQLITE_DATETIME = "%04d-%02d-%02d %02d:%02d:%02d.%06d"
_SQLITE_DATETIME_LENGTH = len("2030-06-01 12:30:00.000000")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC, read back aware in UTC on every backend.

    SQLite has no time zones: `DateTime(timezone=True)` comes back naive there,
    while PostgreSQL returns it in the session's zone. Storing UTC and
    re-attaching it makes both return the same value the domain saved.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = _in_utc(value)
        # SQLite's DATETIME renders the wall-clock fields only, so hand it UTC's.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    # On SQLite a value passes through this type and then DATETIME's text
    # conversion: two Python calls a value, about 2.4 and 0.8 µs, for each of the
    # hundred dates a calendar binds or a page of events reads. The one-step
    # conversions below give the same text and the same values.

    def bind_processor(self, dialect: Dialect) -> _BindProcessorType[datetime] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        return _sqlite_text

    def result_processor(
        self, dialect: Dialect, coltype: object
    ) -> _ResultProcessorType[datetime] | None:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        slow = super().result_processor(dialect, coltype)
        assert slow is not None  # DATETIME always converts its text

        def sqlite_moment(value: Any) -> datetime | None:
            if type(value) is str and len(value) == _SQLITE_DATETIME_LENGTH:
                return datetime.fromisoformat(value + "+00:00")
            # None, or text of another form (SQL's CURRENT_TIMESTAMP, a bare date):
            # DATETIME's own parsing.
            moment: datetime | None = slow(value)
            return moment

        return sqlite_moment


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        # A naive value has no defined instant; the domain never makes one.
        raise ValueError(f"naive datetime {value!r}: eventcore stores aware datetimes only")
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _sqlite_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    utc = _in_utc(value)
    return _SQLITE_DATETIME % (
        utc.year,
        utc.month,
        utc.day,
        utc.hour,
        utc.minute,
        utc.second,
        utc.microsecond,
    )


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal that round-trips digit for digit (`10.990` stays `10.990`).

    PostgreSQL's unconstrained NUMERIC keeps every digit. SQLite has no decimal
    type: NUMERIC affinity would turn the value into a binary float, so there
    it is kept as its text.
    """

    impl = Numeric(asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))
