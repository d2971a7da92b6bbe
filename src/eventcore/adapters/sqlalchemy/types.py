"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric, Text
from sqlalchemy.types import TypeDecorator, TypeEngine


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
        if value.tzinfo is None or value.utcoffset() is None:
            # A naive value has no defined instant; the domain never makes one.
            raise ValueError(f"naive datetime {value!r}: eventcore stores aware datetimes only")
        utc = value.astimezone(UTC)
        # SQLite's DATETIME renders the wall-clock fields only, so hand it UTC's.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


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
