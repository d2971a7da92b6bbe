"""marshmallow fields shared by the surfaces."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marshmallow import ValidationError, fields, validate

from eventcore.http.context import timezone
from eventcore.timestamps import utc_z

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Timestamp(fields.Field[dt.datetime]):
    """An ISO 8601 moment. Naive input is read in EVENTCORE_TIMEZONE; output is UTC with Z."""

    default_error_messages = {"invalid": "Not a valid ISO 8601 datetime."}

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else utc_z(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.datetime:
        return _moment(self, value)


def _moment(field: fields.Field[Any], value: Any) -> dt.datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise field.make_error("invalid")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise field.make_error("invalid") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone())
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # a moment at the calendar's very edge, off it in UTC
        raise field.make_error("invalid") from None


class DayOrTimestamp(fields.Field[dt.datetime | dt.date]):
    """An ISO 8601 moment, or a calendar day alone ("2089-10-02"), returned as a `date`
    so that the schema can combine it with a separate time field."""

    default_error_messages = {"invalid": "Not a valid ISO 8601 date or datetime."}

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> dt.datetime | dt.date:
        if isinstance(value, str) and _DAY.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise self.make_error("invalid") from None
        return _moment(self, value)


def fits_64_bits(number: int) -> bool:
    """Larger numbers name nothing and make database drivers fail: refuse them early."""
    return -(2**63) <= number < 2**63


class StrictInteger(fields.Integer):
    """An integer that refuses booleans and floats with a fraction, and stays in 64 bits."""

    default_error_messages = {"too_large": "Number out of range."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _validated(self, value: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        number: int = super()._validated(value)
        if not fits_64_bits(number):
            raise self.make_error("too_large")
        return number


class QueryInteger(fields.Integer):
    """An integer query parameter ("?page=2"), limited to 64 bits."""

    def _validated(self, value: Any) -> int:
        number: int = super()._validated(value)
        if not fits_64_bits(number):
            raise ValidationError("Number out of range.")
        return number


class CappedPageSize(QueryInteger):
    """`?page_size=`: at least 1; more than `maximum` is read as `maximum`, the way DRF's
    `max_page_size` does, so clients written against it get a full page, not a 400."""

    def __init__(self, maximum: int, **kwargs: Any) -> None:
        description = f"At most {maximum}; a larger value is read as {maximum}."
        super().__init__(
            validate=validate.Range(min=1), metadata={"description": description}, **kwargs
        )
        self.maximum = maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        number: int = super()._deserialize(value, attr, data, **kwargs)
        return min(number, self.maximum)
