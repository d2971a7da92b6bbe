"""GatherHub request and response shapes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from marshmallow import EXCLUDE, ValidationError, fields, post_load, validate, validates_schema

from eventcore.domain import events as event_rules
from eventcore.domain import users as user_rules
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventImage, EventStatus, PublicationState, midnight
from eventcore.domain.ids import MAX_ID
from eventcore.domain.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from eventcore.domain.users import ProfileChanges, Registration
from eventcore.http.context import now, timezone
from eventcore.http.fields import (
    CappedPageSize,
    DayOrTimestamp,
    QueryInteger,
    StrictInteger,
    Timestamp,
)
from eventcore.http.media import media_url
from eventcore.http.schema import Schema

PUBLICATION_STATES = [state.value for state in PublicationState]


class Input(Schema):
    class Meta:
        # Front ends often send back fields they received (id, creator...):
        # ignore what we do not read rather than refuse the request.
        unknown = EXCLUDE


def _text(maximum: int, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=maximum), **kwargs)


# Accounts ------------------------------------------------------------------


class RegisterIn(Input):
    username = fields.String(
        required=True, validate=validate.Length(min=1, max=user_rules.USERNAME_MAX_LENGTH)
    )
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=user_rules.PASSWORD_MIN_LENGTH, max=user_rules.PASSWORD_MAX_LENGTH
        ),
    )
    first_name = _text(user_rules.NAME_MAX_LENGTH, load_default="")
    last_name = _text(user_rules.NAME_MAX_LENGTH, load_default="")

    @post_load
    def to_registration(self, data: dict[str, Any], **_: Any) -> Registration:
        return Registration(**data)


class LoginIn(Input):
    username = fields.String(
        required=True,
        validate=validate.Length(min=1, max=254),
        metadata={"description": "Username or email"},
    )
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=user_rules.PASSWORD_MAX_LENGTH)
    )


class RefreshIn(Input):
    refresh = fields.String(required=True, validate=validate.Length(min=1, max=4096))


class ProfileIn(Input):
    first_name = _text(user_rules.NAME_MAX_LENGTH)
    last_name = _text(user_rules.NAME_MAX_LENGTH)
    bio = _text(user_rules.BIO_MAX_LENGTH)

    @post_load
    def to_changes(self, data: dict[str, Any], **_: Any) -> ProfileChanges:
        return ProfileChanges(**data)


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()


class RegisteredUserOut(UserOut):
    date_joined = Timestamp(attribute="created_at")


class ProfileOut(RegisteredUserOut):
    bio = fields.String()
    avatar = fields.Function(lambda user: media_url(user.avatar))
    last_login = Timestamp()


class TokensOut(Schema):
    access = fields.String()
    refresh = fields.String()


class SignedInOut(TokensOut):
    access = fields.String(attribute="tokens.access")
    refresh = fields.String(attribute="tokens.refresh")
    user = fields.Nested(UserOut)


class RegisteredOut(SignedInOut):
    user = fields.Nested(RegisteredUserOut)


class MessageOut(Schema):
    message = fields.String()


# Events --------------------------------------------------------------------


class ImageIn(Input):
    url = fields.String(
        required=True, validate=validate.Length(min=1, max=event_rules.URL_MAX_LENGTH)
    )
    is_primary = fields.Boolean(load_default=False)

    @post_load
    def to_image(self, data: dict[str, Any], **_: Any) -> EventImage:
        # A partial load (PATCH) reaches nested schemas too, but an image needs its URL.
        if "url" not in data:
            raise ValidationError({"url": ["Missing data for required field."]})
        return EventImage(**data)


class EventIn(Input):
    """Create (title and date required) or update (everything optional)."""

    title = fields.String(
        required=True, validate=validate.Length(min=1, max=event_rules.TITLE_MAX_LENGTH)
    )
    description = _text(event_rules.DESCRIPTION_MAX_LENGTH)
    # The start is `date`, or `start_date` (and `start_time`) as the other APIs split it;
    # a day given alone with a time field is combined with it in EVENTCORE_TIMEZONE.
    date = DayOrTimestamp(
        metadata={"description": "Required unless start_date is given."},
    )
    start_date = DayOrTimestamp(load_only=True, metadata={"description": "Another name for date."})
    start_time = fields.Time(load_only=True, metadata={"description": "With a day-only date."})
    end_date = DayOrTimestamp(
        allow_none=True,
        metadata={"description": "A day alone, without end_time, means the end of that day."},
    )
    end_time = fields.Time(load_only=True, metadata={"description": "With a day-only end_date."})
    location = _text(event_rules.TEXT_MAX_LENGTH)
    max_participants = StrictInteger(
        allow_none=True, attribute="capacity", validate=validate.Range(min=1, max=1_000_000)
    )
    category = StrictInteger(
        allow_none=True,
        attribute="category_id",
        # Beyond MAX_ID no category can exist, and PostgreSQL would refuse the query.
        validate=validate.Range(min=1, max=MAX_ID, error="category names no category."),
    )
    is_private = fields.Boolean()
    address = _text(event_rules.TEXT_MAX_LENGTH)
    venue_name = _text(event_rules.TEXT_MAX_LENGTH)
    price = fields.Decimal(
        allow_none=True,
        places=2,
        allow_nan=False,
        validate=validate.Range(min=0, max=99_999_999),
        # As numbers: the document would otherwise carry the bounds as decimal strings.
        metadata={"minimum": 0, "maximum": 99_999_999},
    )
    pincode = _text(20)
    district = _text(event_rules.TEXT_MAX_LENGTH)
    state = _text(event_rules.TEXT_MAX_LENGTH)
    place = _text(event_rules.TEXT_MAX_LENGTH)
    latitude = fields.Float(
        allow_none=True, allow_nan=False, validate=validate.Range(min=-90, max=90)
    )
    longitude = fields.Float(
        allow_none=True, allow_nan=False, validate=validate.Range(min=-180, max=180)
    )
    images = fields.List(
        fields.Nested(ImageIn), validate=validate.Length(max=event_rules.MAX_IMAGES)
    )
    # The fields Eventify clients read (seed 001); optional here, with the domain's defaults.
    name = _text(event_rules.TEXT_MAX_LENGTH)
    is_bookable = fields.Boolean()
    is_eventify_event = fields.Boolean(attribute="hosted_here")
    outside_event_url = _text(event_rules.URL_MAX_LENGTH, attribute="external_url")
    event_status = fields.String(
        attribute="publication_state", validate=validate.OneOf(PUBLICATION_STATES)
    )
    cancelled_reason = _text(event_rules.TEXT_MAX_LENGTH, attribute="publication_reason")
    important_information = _text(event_rules.DESCRIPTION_MAX_LENGTH)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _has_a_start(self, _: dict[str, Any], original: Any, **kwargs: Any) -> None:
        if kwargs.get("partial") or not isinstance(original, dict):
            return
        if "date" not in original and "start_date" not in original:
            raise ValidationError("Missing data for required field.", "date")

    @post_load
    def to_input(self, data: dict[str, Any], **_: Any) -> EventDraft | EventChanges:
        return EventDraft(**_schedule(data))


class EventPatchIn(EventIn):
    """An update: load it with partial=True, so every field is optional."""

    @post_load
    def to_input(self, data: dict[str, Any], **_: Any) -> EventDraft | EventChanges:
        return EventChanges(**_schedule(data))


def _schedule(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its start and end as moments (`starts_at`, `ends_at`).

    A day given alone is never cut to its midnight silently: it takes its time
    field when there is one, else a start means that day's first moment and an end
    the end of that day. A time field without a day-only date is refused, naming it.
    """
    data = dict(data)
    if "date" in data and "start_date" in data:
        raise ValidationError("Give the start as date or as start_date, not both.", "start_date")
    day_field = "start_date" if "start_date" in data else "date"
    if day_field in data or "start_time" in data:
        data["starts_at"] = _moment(
            data.pop(day_field, None), data.pop("start_time", None), day_field, "start_time"
        )
    if "end_date" in data or "end_time" in data:
        data["ends_at"] = _moment(
            data.pop("end_date", None), data.pop("end_time", None), "end_date", "end_time", end=True
        )
    return data


def _moment(
    value: date | datetime | None,
    time_of_day: time | None,
    day_field: str,
    time_field: str,
    *,
    end: bool = False,
) -> datetime | None:
    if isinstance(value, datetime):
        if time_of_day is not None:
            raise ValidationError(
                f"{day_field} already holds a time; send {time_field} only with a date alone.",
                time_field,
            )
        return value
    if value is None:
        if time_of_day is not None:
            raise ValidationError(f"{time_field} was sent without a day in {day_field}.", day_field)
        return None
    if time_of_day is None:
        moment = midnight(value + timedelta(days=1) if end else value, timezone())
    else:
        moment = datetime.combine(value, time_of_day.replace(tzinfo=None), tzinfo=timezone())
    if moment is None:
        raise ValidationError("Not a valid date.", day_field)
    return moment.astimezone(UTC)


class PersonOut(Schema):
    id = fields.Integer()
    username = fields.String()
    first_name = fields.String()
    last_name = fields.String()


class ImageOut(Schema):
    url = fields.Function(lambda image: media_url(image.url))
    is_primary = fields.Boolean()


class EventOut(Schema):
    """An EventView as GatherHub shows it."""

    id = fields.Integer(attribute="event.id")
    title = fields.String(attribute="event.title")
    description = fields.String(attribute="event.description")
    date = Timestamp(attribute="event.starts_at")
    end_date = Timestamp(attribute="event.ends_at", allow_none=True)
    location = fields.String(attribute="event.location")
    max_participants = fields.Integer(attribute="event.capacity", allow_none=True)
    current_participants = fields.Integer(attribute="participant_count")
    status = fields.Function(
        lambda view: view.event.status(now()).value,
        metadata={"enum": [s.value for s in EventStatus]},
    )
    creator = fields.Nested(PersonOut)
    category = fields.Integer(attribute="event.category_id", allow_none=True)
    is_private = fields.Boolean(attribute="event.is_private")
    address = fields.String(attribute="event.address")
    venue_name = fields.String(attribute="event.venue_name")
    price = fields.Decimal(attribute="event.price", as_string=True, allow_none=True)
    pincode = fields.String(attribute="event.pincode")
    district = fields.String(attribute="event.district")
    state = fields.String(attribute="event.state")
    place = fields.String(attribute="event.place")
    latitude = fields.Float(attribute="event.latitude", allow_none=True)
    longitude = fields.Float(attribute="event.longitude", allow_none=True)
    images = fields.List(fields.Nested(ImageOut), attribute="event.images")
    name = fields.String(attribute="event.name")
    is_bookable = fields.Boolean(attribute="event.is_bookable")
    is_eventify_event = fields.Boolean(attribute="event.hosted_here")
    outside_event_url = fields.String(attribute="event.external_url")
    event_status = fields.String(
        attribute="event.publication.state.value", metadata={"enum": PUBLICATION_STATES}
    )
    cancelled_reason = fields.String(attribute="event.publication.reason")
    important_information = fields.String(attribute="event.important_information")
    created_at = Timestamp(attribute="event.created_at")
    updated_at = Timestamp(attribute="event.updated_at")


class EventDetailOut(EventOut):
    participants = fields.List(fields.Nested(PersonOut))


class EventListQuery(Input):
    page = QueryInteger(load_default=1, validate=validate.Range(min=1))
    page_size = CappedPageSize(MAX_PAGE_SIZE, load_default=DEFAULT_PAGE_SIZE)
    search = fields.String(validate=validate.Length(max=200))
    status = fields.String(validate=validate.OneOf([s.value for s in EventStatus]))
    creator = QueryInteger()
    date_from = fields.Date()
    date_to = fields.Date()


class EventPageOut(Schema):
    count = fields.Integer()
    next = fields.String(allow_none=True)
    previous = fields.String(allow_none=True)
    results = fields.List(fields.Nested(EventOut))


class EventCountOut(Schema):
    id = fields.Integer(attribute="event.id")
    title = fields.String(attribute="event.title")
    current_participants = fields.Integer(attribute="participant_count")


class ParticipationOut(Schema):
    message = fields.String()
    event = fields.Nested(EventCountOut)


class WaitingPlaceOut(Schema):
    """The answer of the waiting-list endpoints (an eventcore extension)."""

    message = fields.String()
    event = fields.Nested(EventCountOut, attribute="view")
    waiting_count = fields.Integer(attribute="waiting_list.waiting")
    waitlist_position = fields.Integer(attribute="waiting_list.position", allow_none=True)
