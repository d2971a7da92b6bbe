"""Eventify request and response shapes (seed 001).

Requests are JSON bodies; every one but registration and login carries `token`
and `username`. Messages are the seed's where it gives them, and otherwise say
which field is wrong in the same plain style.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marshmallow import EXCLUDE, ValidationError, fields, post_load, pre_load, validate

from eventcore.domain import users as user_rules
from eventcore.domain.events import EventImage, primary_first
from eventcore.domain.paging import MAX_PAGE_SIZE
from eventcore.domain.users import Registration
from eventcore.http.context import timezone
from eventcore.http.fields import fits_64_bits
from eventcore.http.media import media_url
from eventcore.http.schema import Schema

REQUIRED = "This field is required."
MONTH_AND_YEAR_REQUIRED = "month and year are required"
DATE_FORMAT_INVALID = "Invalid date format. Expected YYYY-MM-DD"
# The seed writes "NA" where an event has no outside URL or cancellation reason.
NOT_APPLICABLE = "NA"
MAX_PAGE = 1_000_000
PINCODE_MAX_LENGTH = 20

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Full English names and three-letter abbreviations, plus the common "Sept".
MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_DIGITS = re.compile(r"^\s*[+-]?\d{1,19}\s*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Input(Schema):
    class Meta:
        # Clients send more than an endpoint reads (the token, fields they got back).
        unknown = EXCLUDE


def _messages(required: str, **others: str) -> dict[str, str | list[Any] | dict[Any, Any]]:
    return {"required": required, "null": required, **others}


class WholeNumber(fields.Integer):
    """An integer, or a string of digits as form-minded clients send ids; 64 bits.

    An empty string counts as missing, as the seed's "X is required" suggests.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, str) and not value.strip():
            raise self.make_error("required")
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and _DIGITS.match(value))
        ):
            raise self.make_error("invalid")
        number = int(value)
        if not fits_64_bits(number):
            raise self.make_error("invalid")
        return number


class MonthName(fields.String):
    """ "August", "august", "Aug", "SEPT": the month's number."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        number = MONTHS.get(value.strip().lower()) if isinstance(value, str) else None
        if number is None:
            shown = value if isinstance(value, str) else repr(value)
            # Echo what was sent, as the seed does, but never a whole oversized body.
            shown = shown if len(shown) <= 100 else shown[:100] + "..."
            raise ValidationError(f"Invalid month name: {shown}")
        return number


class IsoDay(fields.Date):
    """Exactly YYYY-MM-DD (date.fromisoformat alone would take "20250815" too)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        if isinstance(value, str) and not value.strip():
            raise self.make_error("required")
        if not isinstance(value, str) or not _ISO_DAY.match(value.strip()):
            raise self.make_error("invalid")
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.make_error("invalid") from None


class Pincode(fields.String):
    """A pincode as text (a number is taken as its digits); "all" or "" means any."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if len(text) > PINCODE_MAX_LENGTH:
            raise ValidationError(f"pincode must have at most {PINCODE_MAX_LENGTH} characters")
        return None if text.lower() in ("", "all") else text


# Accounts ------------------------------------------------------------------


class RegisterIn(Input):
    email = fields.Email(
        required=True,
        validate=validate.Length(max=254),
        error_messages=_messages(REQUIRED, invalid="Enter a valid email address."),
    )
    phone_number = fields.String(
        required=True,
        attribute="phone",
        validate=validate.Length(min=1, max=40, error="Enter a valid phone number."),
        error_messages=_messages(REQUIRED),
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=user_rules.PASSWORD_MIN_LENGTH,
            max=user_rules.PASSWORD_MAX_LENGTH,
            error="Ensure this field has between {min} and {max} characters.",
        ),
        error_messages=_messages(REQUIRED),
    )

    @post_load
    def to_registration(self, data: dict[str, Any], **_: Any) -> Registration:
        return Registration(**data)


def _filled_up_to(maximum: int) -> list[validate.Validator]:
    """Not empty ("This field is required.", as for a missing field) and not too long."""
    return [
        validate.Length(min=1, error=REQUIRED),
        validate.Length(max=maximum, error="Ensure this field has no more than {max} characters."),
    ]


class LoginIn(Input):
    username = fields.String(
        required=True,
        validate=_filled_up_to(254),
        error_messages=_messages(REQUIRED),
        metadata={"description": "Email or username"},
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=_filled_up_to(user_rules.PASSWORD_MAX_LENGTH),
        error_messages=_messages(REQUIRED),
    )


class RegisteredOut(Schema):
    message = fields.Constant("User registered successfully")
    token = fields.String()


def _decimal_text(value: float | None) -> str | None:
    """12.9716 -> "12.9716": coordinates as the seed writes them, in text, to 6 places."""
    if value is None:
        return None
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


class LoggedInOut(Schema):
    message = fields.Constant("Login successful")
    token = fields.String()
    username = fields.String(attribute="user.username")
    email = fields.String(attribute="user.email")
    phone_number = fields.String(attribute="user.phone", allow_none=True)
    first_name = fields.String(attribute="user.first_name")
    last_name = fields.String(attribute="user.last_name")
    role = fields.Function(
        lambda issued: issued.user.role.value,
        metadata={"enum": [role.value for role in user_rules.Role]},
    )
    pincode = fields.String(attribute="user.pincode", allow_none=True)
    district = fields.String(attribute="user.district", allow_none=True)
    state = fields.String(attribute="user.state", allow_none=True)
    country = fields.String(attribute="user.country", allow_none=True)
    place = fields.String(attribute="user.place", allow_none=True)
    latitude = fields.Function(
        lambda issued: _decimal_text(issued.user.latitude),
        metadata={"type": "string", "nullable": True},
    )
    longitude = fields.Function(
        lambda issued: _decimal_text(issued.user.longitude),
        metadata={"type": "string", "nullable": True},
    )


class TokenIn(Input):
    token = fields.String(
        required=True, metadata={"description": "The token from registration or login"}
    )
    username = fields.String(
        required=True, metadata={"description": "The token holder's username (or email)"}
    )


class StatusOut(Schema):
    status = fields.Constant("logged_in")
    username = fields.String()
    email = fields.String()


class LoggedOutOut(Schema):
    status = fields.Constant("logged_out")
    message = fields.Constant("Logout successful")


# Requests about events -----------------------------------------------------


class PageIn(TokenIn):
    """Lists of events come a page at a time: at most 100 events per answer."""

    page = WholeNumber(
        load_default=1,
        validate=validate.Range(
            min=1, max=MAX_PAGE, error=f"page must be between 1 and {MAX_PAGE}"
        ),
        error_messages={"invalid": "page must be an integer", "null": "page must be an integer"},
    )
    page_size = WholeNumber(
        load_default=MAX_PAGE_SIZE,
        validate=validate.Range(
            min=1, max=MAX_PAGE_SIZE, error=f"page_size must be between 1 and {MAX_PAGE_SIZE}"
        ),
        error_messages={
            "invalid": "page_size must be an integer",
            "null": "page_size must be an integer",
        },
    )


class PincodeIn(PageIn):
    pincode = Pincode(
        load_default=None,
        allow_none=True,
        error_messages={"invalid": "pincode must be a string"},
        metadata={"description": "A pincode; 'all' or nothing for every event"},
    )


class EventIdIn(TokenIn):
    event_id = WholeNumber(
        required=True,
        error_messages=_messages("event_id is required", invalid="event_id must be an integer"),
    )


class CategoryIn(PageIn):
    category_id = WholeNumber(
        required=True,
        error_messages=_messages(
            "category_id is required", invalid="category_id must be an integer"
        ),
    )


class MonthYearIn(TokenIn):
    month = MonthName(
        required=True,
        error_messages=_messages(MONTH_AND_YEAR_REQUIRED),
        metadata={"description": 'A month name: "August", "august", "Aug"'},
    )
    year = WholeNumber(
        required=True,
        validate=validate.Range(min=1, max=9999, error="year must be between 1 and 9999"),
        error_messages=_messages(MONTH_AND_YEAR_REQUIRED, invalid="year must be an integer"),
    )

    @pre_load
    def both_given(self, data: Any, **_: Any) -> Any:
        # Either one missing gets the seed's one message, whatever is wrong with the other.
        if isinstance(data, dict) and any(data.get(key) in (None, "") for key in ("month", "year")):
            raise ValidationError(MONTH_AND_YEAR_REQUIRED)
        return data


class DayIn(PageIn):
    date_of_event = IsoDay(
        required=True,
        error_messages=_messages("date_of_event is required", invalid=DATE_FORMAT_INVALID),
        metadata={"description": "YYYY-MM-DD"},
    )


# Responses about events ----------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(timezone())


def _image_url(image: EventImage | None) -> str | None:
    return media_url(image.url) if image is not None else None


def _date(pick: Any) -> fields.Function:
    return fields.Function(
        lambda event: _local(pick(event)).date().isoformat(),
        metadata={"type": "string", "format": "date"},
    )


def _time(pick: Any) -> fields.Function:
    return fields.Function(
        # HH:MM:SS; isoformat writes it in a third of strftime's time.
        lambda event: _local(pick(event)).time().isoformat("seconds"),
        metadata={"type": "string", "example": "10:00:00"},
    )


def _text_or_na(pick: Any) -> fields.Function:
    return fields.Function(lambda event: pick(event) or NOT_APPLICABLE, metadata={"type": "string"})


class EventFieldsOut(Schema):
    """An Event with the fields every Eventify event object carries.

    Dates and times are local to EVENTCORE_TIMEZONE; the end is the event's
    effective end (its start plus two hours when it was given none).
    """

    id = fields.Integer()
    name = fields.Function(lambda event: event.name or event.title, metadata={"type": "string"})
    description = fields.String()
    start_date = _date(lambda event: event.starts_at)
    end_date = _date(lambda event: event.finishes_at)
    start_time = _time(lambda event: event.starts_at)
    end_time = _time(lambda event: event.finishes_at)
    latitude = fields.Function(
        lambda event: _decimal_text(event.latitude), metadata={"type": "string", "nullable": True}
    )
    longitude = fields.Function(
        lambda event: _decimal_text(event.longitude), metadata={"type": "string", "nullable": True}
    )
    pincode = fields.String()
    district = fields.String()
    state = fields.String()
    place = fields.String()
    is_bookable = fields.Boolean()
    is_eventify_event = fields.Boolean(attribute="hosted_here")
    outside_event_url = _text_or_na(lambda event: event.external_url)
    event_type = fields.Integer(attribute="category_id", allow_none=True)
    event_status = fields.String(attribute="publication.state.value")
    cancelled_reason = _text_or_na(lambda event: event.publication.reason)
    title = fields.String()
    important_information = fields.String()
    venue_name = fields.String()


class ListedEventOut(EventFieldsOut):
    thumb_img = fields.Function(
        lambda event: _image_url(event.primary_image), metadata={"type": "string", "nullable": True}
    )


class DatedEventOut(ListedEventOut):
    created_date = _date(lambda event: event.created_at)

    class Meta:
        # The seed puts created_date right after id.
        fields = (
            "id",
            "created_date",
            *(name for name in EventFieldsOut._declared_fields if name != "id"),
            "thumb_img",
        )


class EventListOut(Schema):
    status = fields.Constant("success")
    events = fields.List(fields.Nested(ListedEventOut))


class DatedEventListOut(Schema):
    status = fields.Constant("success")
    events = fields.List(fields.Nested(DatedEventOut))


class ImageOut(Schema):
    is_primary = fields.Boolean()
    image = fields.Function(lambda image: media_url(image.url), metadata={"type": "string"})


class EventDetailsOut(EventFieldsOut):
    status = fields.Constant("success")
    images = fields.Function(
        lambda event: ImageOut(many=True).dump(primary_first(event.images)),
        metadata={"type": "array", "items": {"type": "object"}},
    )


class EventImagesOut(Schema):
    status = fields.Constant("success")
    images = fields.Function(
        lambda event: [media_url(image.url) for image in primary_first(event.images)],
        metadata={"type": "array", "items": {"type": "string"}},
    )


class CategoryEventOut(Schema):
    id = fields.Integer()
    name = fields.Function(lambda event: event.name or event.title, metadata={"type": "string"})
    description = fields.String()
    start_date = _date(lambda event: event.starts_at)
    end_date = _date(lambda event: event.finishes_at)
    event_type = fields.Integer(attribute="category_id", allow_none=True)
    event_image = fields.Function(
        lambda event: _image_url(event.primary_image), metadata={"type": "string", "nullable": True}
    )


class CategoryEventListOut(Schema):
    status = fields.Constant("success")
    events = fields.List(fields.Nested(CategoryEventOut))


class EventTypeOut(Schema):
    id = fields.Integer()
    event_type = fields.String(attribute="name")
    event_type_icon = fields.Function(
        lambda category: media_url(category.icon), metadata={"type": "string", "nullable": True}
    )


class EventTypesOut(Schema):
    status = fields.Constant("success")
    event_types = fields.List(fields.Nested(EventTypeOut))


class DateEventsOut(Schema):
    date_of_event = fields.Date()
    events_of_date = fields.Integer()


class MonthOut(Schema):
    status = fields.Constant("success")
    dates = fields.List(fields.Date())
    total_number_of_events = fields.Integer()
    date_events = fields.List(fields.Nested(DateEventsOut))
