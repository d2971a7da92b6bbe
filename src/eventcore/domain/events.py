"""Events, categories and the rules of their schedule."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

import attrs
from attrs import define, frozen

from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.validation import check_coordinates, check_length, require

UNSAVED = EventId(0)
TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000
TEXT_MAX_LENGTH = 255
URL_MAX_LENGTH = 2000
MAX_IMAGES = 20

# An event created without an end (GatherHub only sends a start `date`) is
# taken to last this long, so that it is "ongoing" for a while before it is
# "completed" and covers the calendar day it starts on.
DEFAULT_DURATION = timedelta(hours=2)


class EventStatus(enum.StrEnum):
    UPCOMING = "upcoming"
    ONGOING = "ongoing"
    COMPLETED = "completed"


class EventKind(enum.StrEnum):
    SINGLE = "single"
    GROUP = "group"


class LocationType(enum.StrEnum):
    IN_PERSON = "In-Person"
    REMOTE = "Remote"


@frozen
class EventImage:
    url: str
    is_primary: bool = False


@define(kw_only=True)
class Category:
    id: CategoryId = CategoryId(0)
    name: str
    icon: str | None = None


def new_category(name: str, icon: str | None = None) -> Category:
    name = name.strip()
    check_length(name, "name", minimum=1, maximum=100)
    check_length(icon, "icon", maximum=URL_MAX_LENGTH)
    return Category(name=name, icon=icon or None)


def effective_end(starts_at: datetime, ends_at: datetime | None) -> datetime:
    return ends_at if ends_at is not None else starts_at + DEFAULT_DURATION


def status_at(now: datetime, starts_at: datetime, ends_at: datetime | None) -> EventStatus:
    """Upcoming before the start, ongoing until the end, completed from then on."""
    if now < starts_at:
        return EventStatus.UPCOMING
    if now < effective_end(starts_at, ends_at):
        return EventStatus.ONGOING
    return EventStatus.COMPLETED


def covered_days(starts_at: datetime, ends_at: datetime | None, zone: tzinfo) -> list[date]:
    """The calendar days, in `zone`, on which the event takes place.

    An end at exactly midnight does not reach into the day it opens.
    """
    first = starts_at.astimezone(zone)
    last = effective_end(starts_at, ends_at).astimezone(zone)
    last_day = last.date()
    if last.time() == time(0) and last_day > first.date():
        last_day -= timedelta(days=1)
    return [first.date() + timedelta(days=n) for n in range((last_day - first.date()).days + 1)]


def midnight(day: date, zone: tzinfo) -> datetime | None:
    """The moment `day` begins in `zone`, as a bound for date filters.

    None for the first and last days of the calendar: nothing starts before or
    after them anyway, and their midnight may not exist in UTC.
    """
    if not date.min < day < date.max:
        return None
    return datetime.combine(day, time(0), tzinfo=zone)


@define(kw_only=True)
class Event:
    id: EventId = UNSAVED
    title: str
    creator_id: UserId
    starts_at: datetime
    ends_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    name: str = ""
    description: str = ""
    location: str = ""
    address: str = ""
    venue_name: str = ""
    capacity: int | None = None
    category_id: CategoryId | None = None
    is_private: bool = False
    kind: EventKind = EventKind.SINGLE
    price: Decimal | None = None
    location_type: LocationType | None = None
    region: str = ""
    city: str = ""
    pincode: str = ""
    district: str = ""
    state: str = ""
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None
    images: tuple[EventImage, ...] = ()
    is_bookable: bool = True
    is_eventify_event: bool = False
    outside_event_url: str = ""
    event_status: str = "pending"
    cancelled_reason: str = ""
    important_information: str = ""

    @property
    def finishes_at(self) -> datetime:
        return effective_end(self.starts_at, self.ends_at)

    @property
    def primary_image(self) -> EventImage | None:
        return next((image for image in self.images if image.is_primary), None)

    def status(self, now: datetime) -> EventStatus:
        return status_at(now, self.starts_at, self.ends_at)

    def days(self, zone: tzinfo) -> list[date]:
        return covered_days(self.starts_at, self.ends_at, zone)

    def has_room(self, participants: int) -> bool:
        return self.capacity is None or participants < self.capacity

    def visible_to(self, user_id: UserId | None, *, takes_part: bool) -> bool:
        """Private events are seen only by their creator and those taking part."""
        return not self.is_private or user_id == self.creator_id or takes_part


_SHORT_TEXT_FIELDS = (
    "name",
    "location",
    "address",
    "venue_name",
    "region",
    "city",
    "pincode",
    "district",
    "state",
    "place",
    "event_status",
    "cancelled_reason",
)

# Fields a creation or update may set; identity, ownership and stamps may not.
EDITABLE_FIELDS = frozenset(
    field.name
    for field in attrs.fields(Event)
    if field.name not in {"id", "creator_id", "created_at", "updated_at"}
)


def check_event(event: Event) -> None:
    require(_aware(event.starts_at), "starts_at", "starts_at must carry a time zone.")
    if event.ends_at is not None:
        require(_aware(event.ends_at), "ends_at", "ends_at must carry a time zone.")
    check_length(event.title, "title", minimum=1, maximum=TITLE_MAX_LENGTH)
    require(bool(event.title.strip()), "title", "title may not be blank.")
    check_length(event.description, "description", maximum=DESCRIPTION_MAX_LENGTH)
    check_length(
        event.important_information, "important_information", maximum=DESCRIPTION_MAX_LENGTH
    )
    check_length(event.outside_event_url, "outside_event_url", maximum=URL_MAX_LENGTH)
    for field in _SHORT_TEXT_FIELDS:
        check_length(getattr(event, field), field, maximum=TEXT_MAX_LENGTH)
    if event.ends_at is not None:
        require(event.ends_at > event.starts_at, "ends_at", "ends_at must be after the start.")
    if event.capacity is not None:
        require(event.capacity >= 1, "capacity", "capacity must be at least 1.")
        require(event.capacity <= 1_000_000, "capacity", "capacity must be at most 1000000.")
    if event.price is not None:
        require(event.price.is_finite(), "price", "price must be a number.")
        require(event.price >= 0, "price", "price may not be negative.")
        require(event.price < Decimal("100000000"), "price", "price is too large.")
    check_coordinates(event.latitude, event.longitude)
    require(len(event.images) <= MAX_IMAGES, "images", f"At most {MAX_IMAGES} images.")
    for image in event.images:
        check_length(image.url, "images", minimum=1, maximum=URL_MAX_LENGTH)
    primaries = sum(image.is_primary for image in event.images)
    require(primaries <= 1, "images", "Only one image may be primary.")


def check_room_for(event: Event, taken: int) -> None:
    """Refuse a capacity below the seats already taken."""
    if event.capacity is not None:
        require(
            event.capacity >= taken,
            "capacity",
            f"capacity cannot be below the {taken} seats already taken.",
        )


def _aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def with_one_primary(images: tuple[EventImage, ...]) -> tuple[EventImage, ...]:
    """Images where exactly one is primary: the marked one, else the first."""
    if not images or any(image.is_primary for image in images):
        return images
    return (attrs.evolve(images[0], is_primary=True), *images[1:])


def new_event(creator_id: UserId, now: datetime, fields: Mapping[str, Any]) -> Event:
    """A validated, unsaved event made of `fields` (names of Event's attributes)."""
    values = _editable(fields)
    values["images"] = with_one_primary(tuple(values.get("images", ())))
    event = Event(creator_id=creator_id, created_at=now, updated_at=now, **values)
    check_event(event)
    return event


def update_event(event: Event, changes: Mapping[str, Any], now: datetime) -> Event:
    """The event with `changes` applied and checked."""
    values = _editable(changes)
    if "images" in values:
        values["images"] = with_one_primary(tuple(values["images"]))
    updated = attrs.evolve(event, **values, updated_at=now)
    check_event(updated)
    return updated


def _editable(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `fields`, refused when it names anything a client may not set."""
    unknown = set(fields) - EDITABLE_FIELDS
    require(not unknown, min(unknown, default=""), "This field cannot be set.")
    return dict(fields)
