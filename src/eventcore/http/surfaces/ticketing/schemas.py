"""Ticketing request and response shapes (seed 004).

Every error message here is a predicate for its field ("must be a whole number"):
the error format puts "Bad Request: <field> " in front of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from marshmallow import EXCLUDE, RAISE, ValidationError, fields, post_load, validate

from eventcore.domain import events as event_rules
from eventcore.domain import users as user_rules
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import Reason
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventImage, LocationType, primary_first, with_images_at
from eventcore.domain.users import AccountChanges, Registration, Role
from eventcore.domain.validation import require
from eventcore.http.fields import QueryInteger, StrictInteger, Timestamp
from eventcore.http.media import media_url
from eventcore.http.schema import Schema

# The seed's spellings of the domain's roles and statuses.
ACCESS_TYPES = {Role.ADMIN: "Admin", Role.MODERATOR: "Moderator", Role.USER: "User"}
STATUSES = {
    AttendanceStatus.INTERESTED: "Interested",
    AttendanceStatus.REGISTERED: "Registered",
    AttendanceStatus.CANCELLED: "Cancelled",
    # An extension of the seed: a place in the waiting list of a sold-out event, which
    # holds no ticket; only clients that ask for it ever see it on their own records.
    AttendanceStatus.WAITLISTED: "Waitlisted",
}
# The seed shows "Female"; its database allowed a fixed list, which eventcore makes this.
GENDERS = ("Female", "Male", "Non-binary", "Other", "Prefer not to say")
MAX_PAGE_LIMIT = 100
# Where usecases.accounts.update_profile stores uploaded avatars.
AVATAR_FOLDER = "avatars/"

# marshmallow's type for a field's error messages.
Messages = dict[str, str | list[Any] | dict[Any, Any]]
_BASE_MESSAGES: Messages = {"required": "is required", "null": "may not be null"}


def _messages(**extra: str) -> Messages:
    return {**_BASE_MESSAGES, **extra}


def _text(maximum: int, *, minimum: int = 0, **kwargs: Any) -> fields.String:
    limits = (
        f"must have between {minimum} and {maximum} characters"
        if minimum
        else f"must have at most {maximum} characters"
    )
    return fields.String(
        validate=validate.Length(min=minimum, max=maximum, error=limits),
        error_messages=_messages(invalid="must be text"),
        **kwargs,
    )


class WholeNumber(StrictInteger):
    """A JSON integer: not a boolean, a string or a fraction, and within 64 bits; the
    messages are worded as this API's errors read ("age must be a whole number")."""

    default_error_messages = {
        **_BASE_MESSAGES,
        "invalid": "must be a whole number",
        "too_large": "is too large",
    }


class Choice(fields.String):
    """One of a few words, in any letter case; loads as the canonical spelling."""

    def __init__(self, choices: Sequence[str], *, error: str | None = None, **kwargs: Any) -> None:
        self.choices = tuple(choices)
        self.choice_error = error or "must be one of " + ", ".join(self.choices)
        kwargs.setdefault("metadata", {})["enum"] = list(self.choices)
        messages = _messages(invalid=self.choice_error)
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        for choice in self.choices:
            if choice.casefold() == text.strip().casefold():
                return choice
        raise ValidationError(self.choice_error)


def _timestamp(**kwargs: Any) -> Timestamp:
    return Timestamp(
        error_messages=_messages(
            invalid="must be an ISO 8601 date and time, like 2023-06-01T10:00:00Z"
        ),
        **kwargs,
    )


class Input(Schema):
    """A request body that ignores fields it does not read (front ends send back
    what they received: ids, timestamps)."""

    class Meta:
        unknown = EXCLUDE

    error_messages = {"type": "The request body must be a JSON object"}


class PatchInput(Schema):
    """A PATCH body: each key names a field to change, so an unknown key is refused."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "type": "The request body must be a JSON object",
        "unknown": "is not a field you can change",
    }


# Users ---------------------------------------------------------------------


class LoginIn(Input):
    email = _text(254, load_default="")
    password = _text(user_rules.PASSWORD_MAX_LENGTH, load_default="", load_only=True)


class TokenOut(Schema):
    token = fields.String()


def _email(**kwargs: Any) -> fields.Email:
    return fields.Email(
        validate=validate.Length(max=254, error="must have at most {max} characters"),
        error_messages=_messages(invalid="must be a valid email address"),
        **kwargs,
    )


class _ProfileFields(Schema):
    username = _text(user_rules.USERNAME_MAX_LENGTH, minimum=1)
    first_name = _text(user_rules.NAME_MAX_LENGTH)
    last_name = _text(user_rules.NAME_MAX_LENGTH)
    email = _email()
    age = WholeNumber(
        allow_none=True,
        validate=validate.Range(min=0, max=150, error="must be between {min} and {max}"),
    )
    gender = Choice(GENDERS, allow_none=True)
    access_type = Choice(list(ACCESS_TYPES.values()))
    avatar = _text(user_rules.AVATAR_MAX_LENGTH, allow_none=True)


def _with_role(data: dict[str, Any]) -> dict[str, Any]:
    """A loaded user body with the seed's access type as the core's role."""
    if "access_type" in data:
        by_word = {word: role for role, word in ACCESS_TYPES.items()}
        data["role"] = by_word[data.pop("access_type")]
    return data


class UserIn(Input, _ProfileFields):
    email = _email(required=True)
    password = _text(
        user_rules.PASSWORD_MAX_LENGTH,
        minimum=user_rules.PASSWORD_MIN_LENGTH,
        required=True,
        load_only=True,
    )

    @post_load
    def to_registration(self, data: dict[str, Any], **_: Any) -> Registration:
        return Registration(**_with_role(data))


class UserPatchIn(PatchInput, _ProfileFields):
    """A profile change: only the fields sent, unknown keys refused."""

    @post_load
    def to_changes(self, data: dict[str, Any], **_: Any) -> AccountChanges:
        return AccountChanges(**_with_role(data))


def _avatar(avatar: str | None) -> str | None:
    """The avatar as the client gave it; an image uploaded through GatherHub (a key in the
    media store, under avatars/) as its full URL."""
    if avatar and avatar.startswith(AVATAR_FOLDER):
        return media_url(avatar)
    return avatar


class UserOut(Schema):
    """A user as this API shows one: never a password or its hash."""

    id = fields.Integer()
    username = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    age = fields.Integer(allow_none=True)
    gender = fields.String(allow_none=True)
    access_type = fields.Function(
        lambda user: ACCESS_TYPES[user.role], metadata={"enum": list(ACCESS_TYPES.values())}
    )
    avatar = fields.Function(lambda user: _avatar(user.avatar))
    created_at = Timestamp()
    updated_at = Timestamp()


class NewUserOut(Schema):
    newUser = fields.Nested(UserOut)  # noqa: N815 (the seed's key)


class UsersOut(Schema):
    users = fields.List(fields.Nested(UserOut))


class OneUserOut(Schema):
    user = fields.Nested(UserOut)


class UpdatedUserOut(Schema):
    updatedUser = fields.Nested(UserOut)  # noqa: N815 (the seed's key)


class ErasedUserOut(Schema):
    erasedUser = fields.Nested(UserOut)  # noqa: N815 (the seed's key)


# Events --------------------------------------------------------------------


class _EventFields(Schema):
    owner_id = WholeNumber(allow_none=True)
    title = _text(event_rules.TITLE_MAX_LENGTH, minimum=1, required=True)
    description = _text(event_rules.DESCRIPTION_MAX_LENGTH)
    category = _text(100, allow_none=True)
    start_datetime = _timestamp(required=True)
    end_datetime = _timestamp(allow_none=True)
    location_type = Choice([kind.value for kind in LocationType], allow_none=True)
    price = fields.Decimal(
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=99_999_999, error="must be between {min} and {max}"),
        error_messages=_messages(invalid="must be a number", special="must be a number"),
        # As numbers: the document would otherwise carry the bounds as decimal strings.
        metadata={"minimum": 0, "maximum": 99_999_999},
    )
    photo_1_url = _text(event_rules.URL_MAX_LENGTH, allow_none=True)
    photo_2_url = _text(event_rules.URL_MAX_LENGTH, allow_none=True)
    photo_3_url = _text(event_rules.URL_MAX_LENGTH, allow_none=True)
    region = _text(event_rules.TEXT_MAX_LENGTH)
    city = _text(event_rules.TEXT_MAX_LENGTH)
    address = _text(event_rules.TEXT_MAX_LENGTH)
    tickets_remaining = WholeNumber(
        allow_none=True,
        validate=validate.Range(min=0, max=1_000_000, error="must be between {min} and {max}"),
    )
    capacity = WholeNumber(
        allow_none=True,
        validate=validate.Range(min=1, max=1_000_000, error="must be between {min} and {max}"),
    )


# The seed's event fields that the core calls otherwise.
_RENAMED = {
    "owner_id": "creator_id",
    "start_datetime": "starts_at",
    "end_datetime": "ends_at",
    "category": "category_name",
    "tickets_remaining": "seats_left",
}
# The seed shows an event's first photos in numbered slots: photo_1_url .. photo_3_url.
PHOTO_SLOTS = 3


def _event_input(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """A loaded event body in the core's terms (domain.event_changes): a new event's
    photos are its images, a change's photos replace the images at their slots."""
    values: dict[str, Any] = {}
    photos: dict[int, str | None] = {}
    for name, value in data.items():
        if name.startswith("photo_"):
            photos[int(name.split("_")[1])] = value
        elif name in {"owner_id", "tickets_remaining"} and value is None:
            continue  # null: as if not sent (it is what the responses show for "none")
        else:
            values[_RENAMED.get(name, name)] = value
    if photos and creating:
        values["images"] = with_images_at((), images_at_slots(photos))
    elif photos:
        values["images_at"] = images_at_slots(photos)
    return values


def images_at_slots(photos: Mapping[int, str | None]) -> dict[int, str | None]:
    """Photo slots (1 to PHOTO_SLOTS) as the image positions of the core (from 0).

    Raises InvalidValue (images) for a slot past them.
    """
    for slot in photos:
        require(1 <= slot <= PHOTO_SLOTS, "images", Reason.IMAGE_POSITION, maximum=PHOTO_SLOTS - 1)
    return {slot - 1: url for slot, url in photos.items()}


def photo_url(images: tuple[EventImage, ...], slot: int) -> str | None:
    """The photo in `slot` (from 1; the primary image is in the first), or None."""
    in_slot_order = primary_first(images)
    return in_slot_order[slot - 1].url if slot <= len(in_slot_order) else None


class EventIn(Input, _EventFields):
    """A new event; keys the API does not know are ignored."""

    @post_load
    def to_input(self, data: dict[str, Any], **_: Any) -> EventDraft | EventChanges:
        return EventDraft(**_event_input(data, creating=True))


class EventPatchIn(PatchInput, _EventFields):
    """Load it with partial=True: every field is optional."""

    @post_load
    def to_input(self, data: dict[str, Any], **_: Any) -> EventDraft | EventChanges:
        return EventChanges(**_event_input(data, creating=False))


def _photo(slot: int) -> fields.Function:
    # An image uploaded through another API is stored by its key: shown by its URL.
    return fields.Function(lambda view: media_url(photo_url(view.event.images, slot)))


class EventOut(Schema):
    """An EventView as this API shows it."""

    id = fields.Integer(attribute="event.id")
    owner_id = fields.Integer(attribute="event.creator_id")
    title = fields.String(attribute="event.title")
    description = fields.String(attribute="event.description")
    category = fields.Function(lambda view: view.category.name if view.category else None)
    start_datetime = Timestamp(attribute="event.starts_at")
    end_datetime = Timestamp(attribute="event.ends_at")
    location_type = fields.Function(
        lambda view: view.event.location_type.value if view.event.location_type else None
    )
    price = fields.Float(attribute="event.price", allow_none=True)
    photo_1_url = _photo(1)
    photo_2_url = _photo(2)
    photo_3_url = _photo(3)
    region = fields.String(attribute="event.region")
    city = fields.String(attribute="event.city")
    address = fields.String(attribute="event.address")
    tickets_remaining = fields.Function(lambda view: view.event.seats_left(view.participant_count))
    capacity = fields.Integer(attribute="event.capacity", allow_none=True)


class EventsOut(Schema):
    events = fields.List(fields.Nested(EventOut))


class OneEventOut(Schema):
    event = fields.Nested(EventOut)


class NewEventOut(Schema):
    newEvent = fields.Nested(EventOut)  # noqa: N815 (the seed's key)


class UpdatedEventOut(Schema):
    updatedEvent = fields.Nested(EventOut)  # noqa: N815 (the seed's key)


class EventListQuery(Input):
    """The seed lists every event, and so does a request without `page` or `limit`;
    with either, one page of at most `limit` (100) events."""

    page = QueryInteger(
        validate=validate.Range(min=1, error="must be at least 1"),
        error_messages=_messages(invalid="must be a whole number"),
        metadata={"description": "Page number, from 1; without page or limit, every event."},
    )
    limit = QueryInteger(
        metadata={"description": f"Events per page (default and at most {MAX_PAGE_LIMIT})."},
        validate=validate.Range(min=1, max=MAX_PAGE_LIMIT, error="must be between {min} and {max}"),
        error_messages=_messages(invalid="must be a whole number"),
    )


class EmptyOut(Schema):
    """A body with nothing in it: `{}`."""


# Attendance ----------------------------------------------------------------

_NEW_STATUSES = [
    STATUSES[AttendanceStatus.INTERESTED],
    STATUSES[AttendanceStatus.REGISTERED],
    STATUSES[AttendanceStatus.WAITLISTED],
]


def _status_field(words: Sequence[str]) -> Choice:
    quoted = [f"'{word}'" for word in words]
    error = "must be " + ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return Choice(
        words, error=error, required=True, error_messages={"required": error, "null": error}
    )


def _to_status(data: dict[str, Any]) -> AttendanceStatus:
    by_word = {word: status for status, word in STATUSES.items()}
    return by_word[data["status"]]


class NewAttendanceIn(Input):
    status = _status_field(_NEW_STATUSES)

    @post_load
    def to_status(self, data: dict[str, Any], **_: Any) -> AttendanceStatus:
        return _to_status(data)


class AttendanceStatusIn(Input):
    status = _status_field(list(STATUSES.values()))

    @post_load
    def to_status(self, data: dict[str, Any], **_: Any) -> AttendanceStatus:
        return _to_status(data)


class AttendanceRemovalIn(Input):
    user_id = WholeNumber(
        required=True, error_messages={"required": "must be provided", "null": "must be provided"}
    )


class AttendanceOut(Schema):
    event_id = fields.Integer()
    user_id = fields.Integer()
    status = fields.Function(
        lambda attendance: STATUSES[attendance.status], metadata={"enum": list(STATUSES.values())}
    )
    registered_at = Timestamp(attribute="created_at")


class NewAttendeeOut(Schema):
    newAttendee = fields.Nested(AttendanceOut)  # noqa: N815 (the seed's key)


class UpdatedAttendanceOut(Schema):
    updatedAttendance = fields.Nested(AttendanceOut)  # noqa: N815 (the seed's key)


class AttendeesOut(Schema):
    attendees = fields.List(fields.Nested(AttendanceOut))


class AttendancesOut(Schema):
    attendances = fields.List(fields.Nested(AttendanceOut))


class MessageOut(Schema):
    msg = fields.String()
