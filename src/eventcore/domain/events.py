"""Events, categories, and the rules of an event's schedule, capacity and images.

Creating and changing an event from a client's input is in `event_changes`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

import attrs
from attrs import define, frozen

from eventcore.domain.errors import Reason
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.validation import check_coordinates, check_length, check_title, require

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


class PublicationState(enum.StrEnum):
    """Where an event stands with whoever publishes it (the organizer or the staff)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    LIVE = "live"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


@frozen
class Publication:
    """An event's publication state, with the reason given for it (why it was cancelled)."""

    state: PublicationState = PublicationState.PENDING
    reason: str = ""


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
    # Ordered; at most one is primary (the thumbnail), see `with_one_primary`.
    images: tuple[EventImage, ...] = ()
    is_bookable: bool = True
    # Run and booked through this platform, rather than listed from elsewhere.
    hosted_here: bool = False
    # Where the event is found outside this platform, if anywhere.
    external_url: str = ""
    publication: Publication = Publication()
    important_information: str = ""
    # The name of a pictogram the client shows with the event ("bell.svg").
    icon: str = ""

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

    def seats_left(self, taken: int) -> int | None:
        """Seats still free, never below zero; None when the event has no capacity."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - taken)

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
    "icon",
)
MAX_CAPACITY = 1_000_000
MAX_PRICE = Decimal("100000000")


def check_event(event: Event) -> None:
    require(_aware(event.starts_at), "starts_at", Reason.NO_TIME_ZONE)
    if event.ends_at is not None:
        require(_aware(event.ends_at), "ends_at", Reason.NO_TIME_ZONE)
    check_title(event.title, maximum=TITLE_MAX_LENGTH)
    check_length(event.description, "description", maximum=DESCRIPTION_MAX_LENGTH)
    check_length(
        event.important_information, "important_information", maximum=DESCRIPTION_MAX_LENGTH
    )
    check_length(event.external_url, "external_url", maximum=URL_MAX_LENGTH)
    for field in _SHORT_TEXT_FIELDS:
        check_length(getattr(event, field), field, maximum=TEXT_MAX_LENGTH)
    check_length(event.publication.reason, "publication_reason", maximum=TEXT_MAX_LENGTH)
    if event.ends_at is not None:
        require(event.ends_at > event.starts_at, "ends_at", Reason.NOT_AFTER_START)
    if event.capacity is not None:
        require(event.capacity >= 1, "capacity", Reason.BELOW_MINIMUM, minimum=1)
        require(
            event.capacity <= MAX_CAPACITY, "capacity", Reason.ABOVE_MAXIMUM, maximum=MAX_CAPACITY
        )
    if event.price is not None:
        require(event.price.is_finite(), "price", Reason.NOT_A_NUMBER)
        require(event.price >= 0, "price", Reason.NEGATIVE)
        require(event.price < MAX_PRICE, "price", Reason.TOO_LARGE)
    check_coordinates(event.latitude, event.longitude)
    require(len(event.images) <= MAX_IMAGES, "images", Reason.TOO_MANY_IMAGES, maximum=MAX_IMAGES)
    for image in event.images:
        check_length(image.url, "images", minimum=1, maximum=URL_MAX_LENGTH)
    primaries = sum(image.is_primary for image in event.images)
    require(primaries <= 1, "images", Reason.SEVERAL_PRIMARY_IMAGES)


def check_room_for(event: Event, taken: int) -> None:
    """Refuse a capacity below the seats already taken."""
    if event.capacity is not None:
        require(event.capacity >= taken, "capacity", Reason.BELOW_SEATS_TAKEN, taken=taken)


def _aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def with_one_primary(images: tuple[EventImage, ...]) -> tuple[EventImage, ...]:
    """Images where exactly one is primary: the marked one, else the first."""
    if not images or any(image.is_primary for image in images):
        return images
    return (attrs.evolve(images[0], is_primary=True), *images[1:])


def primary_first(images: tuple[EventImage, ...]) -> tuple[EventImage, ...]:
    """The images with the primary one first, the others in their order."""
    if len(images) < 2:
        return images  # as most events have: one image, or none
    primary = [image for image in images if image.is_primary]
    return (*primary, *(image for image in images if not image.is_primary))


def with_images_at(
    images: tuple[EventImage, ...], urls: Mapping[int, str | None]
) -> tuple[EventImage, ...]:
    """`images`, primary first, with the URL at each position (from 0) in `urls` replaced;
    None or "" empties a position, and the images after it move up. The first image
    is then the primary one. Raises InvalidValue (images) for a position past MAX_IMAGES."""
    for position in urls:
        require(0 <= position < MAX_IMAGES, "images", Reason.IMAGE_POSITION, maximum=MAX_IMAGES - 1)
    ordered: list[str | None] = [image.url for image in primary_first(images)]
    ordered += [None] * (max(urls, default=-1) + 1 - len(ordered))
    for position, url in urls.items():
        ordered[position] = url or None
    kept = [url for url in ordered if url]
    return tuple(EventImage(url=url, is_primary=index == 0) for index, url in enumerate(kept))
