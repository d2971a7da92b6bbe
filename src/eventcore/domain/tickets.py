"""Tickets: what is left of an event's capacity, and an event's photos as numbered slots.

An event's capacity counts its registered attendances, the organizer's
included where there is one (events made by GatherHub users have one; events
published by staff on the ticketing API do not). The tickets remaining are
therefore exactly `capacity - current participants`, the number GatherHub
shows, so both APIs always agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from eventcore.domain.events import Event, EventImage
from eventcore.domain.validation import require

# The ticketing API shows an event's first photos as photo_1_url .. photo_3_url.
PHOTO_SLOTS = 3


def tickets_remaining(capacity: int | None, taken: int) -> int | None:
    """Seats still free, never below zero; None when the event has no capacity."""
    if capacity is None:
        return None
    return max(0, capacity - taken)


def remaining_for(event: Event, taken: int) -> int | None:
    return tickets_remaining(event.capacity, taken)


def capacity_for(capacity: int | None, remaining: int | None, taken: int) -> int | None:
    """The capacity a client means by `capacity` and/or `remaining` (None: not given),
    with `taken` seats already registered.

    Giving only the tickets remaining sets the capacity to `taken + remaining`;
    giving both requires them to agree. Raises InvalidValue (tickets_remaining).
    """
    if remaining is None:
        return capacity
    require(remaining >= 0, "tickets_remaining", "tickets_remaining may not be negative.")
    implied = taken + remaining
    if capacity is not None:
        require(
            capacity == implied,
            "tickets_remaining",
            f"tickets_remaining must equal capacity minus the {taken} tickets already "
            f"taken ({max(0, capacity - taken)}).",
        )
    return implied


def photo_urls(images: tuple[EventImage, ...]) -> tuple[str | None, ...]:
    """The photos in slot order (the primary image first), padded with None."""
    ordered = photos_in_order(images)
    urls = [image.url for image in ordered[:PHOTO_SLOTS]]
    return tuple(urls + [None] * (PHOTO_SLOTS - len(urls)))


def photos_in_order(images: tuple[EventImage, ...]) -> tuple[EventImage, ...]:
    primary = [image for image in images if image.is_primary]
    return (*primary, *(image for image in images if not image.is_primary))


def with_photos(
    images: tuple[EventImage, ...], changes: Mapping[int, str | None]
) -> tuple[EventImage, ...]:
    """`images` with the numbered slots (1..PHOTO_SLOTS) in `changes` replaced; None
    empties a slot. Later photos move up into empty slots; images beyond the slots
    (other APIs keep more) stay behind them. The first photo is the primary one."""
    for slot in changes:
        require(1 <= slot <= PHOTO_SLOTS, "images", f"photo slots are numbered 1 to {PHOTO_SLOTS}.")
    ordered = photos_in_order(images)
    slots: list[str | None] = [image.url for image in ordered[:PHOTO_SLOTS]]
    slots += [None] * (PHOTO_SLOTS - len(slots))
    for slot, url in changes.items():
        slots[slot - 1] = url or None
    urls = [url for url in slots if url] + [image.url for image in ordered[PHOTO_SLOTS:]]
    return tuple(EventImage(url=url, is_primary=index == 0) for index, url in enumerate(urls))
