"""Making and changing events from a client's input: the draft of a new event, the
changes an update applies, and the rules both follow.

A draft or a changes object lists everything a client may set on an event;
identity, ownership and time stamps are not among them. Its category comes as
an id or as a name, which the use case resolves; its capacity may come as the
seats that should be left (`seats_left`), which `capacity_for` turns into one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from eventcore.domain.errors import NotFound, Reason
from eventcore.domain.events import (
    Event,
    EventImage,
    EventKind,
    LocationType,
    Publication,
    PublicationState,
    check_event,
    check_room_for,
    with_images_at,
    with_one_primary,
)
from eventcore.domain.ids import CategoryId, UserId
from eventcore.domain.inputs import (
    DECIMAL,
    FLAG,
    MOMENT,
    NUMBER,
    TEXT,
    UNSET,
    WHOLE,
    Change,
    Unset,
    change,
    choice,
    given,
    instance,
    items,
    mapping,
    nullable,
    optional,
    refuses_unknown_fields,
    required,
)
from eventcore.domain.validation import require

IMAGES = items(instance(EventImage, "a list of event images"))
IMAGES_AT = mapping(WHOLE, nullable(TEXT))


@refuses_unknown_fields
@frozen(kw_only=True)
class EventDraft:
    """A new event as a client describes it."""

    title: str = required(TEXT)
    starts_at: datetime = required(MOMENT)
    ends_at: datetime | None = optional(nullable(MOMENT), None)
    name: str = optional(TEXT, "")
    description: str = optional(TEXT, "")
    location: str = optional(TEXT, "")
    address: str = optional(TEXT, "")
    venue_name: str = optional(TEXT, "")
    capacity: int | None = optional(nullable(WHOLE), None)
    # Another way to give the capacity: the seats that should be free (see capacity_for).
    seats_left: int | None = optional(nullable(WHOLE), None)
    category_id: CategoryId | None = optional(nullable(WHOLE), None)
    # Another way to name the category: by its name, in any case.
    category_name: str | None = optional(nullable(TEXT), None)
    is_private: bool = optional(FLAG, False)
    kind: EventKind = optional(choice(EventKind), EventKind.SINGLE)
    price: Decimal | None = optional(nullable(DECIMAL), None)
    location_type: LocationType | None = optional(nullable(choice(LocationType)), None)
    region: str = optional(TEXT, "")
    city: str = optional(TEXT, "")
    pincode: str = optional(TEXT, "")
    district: str = optional(TEXT, "")
    state: str = optional(TEXT, "")
    place: str = optional(TEXT, "")
    latitude: float | None = optional(nullable(NUMBER), None)
    longitude: float | None = optional(nullable(NUMBER), None)
    images: tuple[EventImage, ...] = optional(IMAGES, ())
    is_bookable: bool = optional(FLAG, True)
    hosted_here: bool = optional(FLAG, False)
    external_url: str = optional(TEXT, "")
    publication_state: PublicationState = optional(
        choice(PublicationState), PublicationState.PENDING
    )
    publication_reason: str = optional(TEXT, "")
    important_information: str = optional(TEXT, "")
    icon: str = optional(TEXT, "")
    # Given by clients that send the owner along: it must be the one creating the event.
    creator_id: UserId | None = optional(nullable(WHOLE), None)


@refuses_unknown_fields
@frozen(kw_only=True)
class EventChanges:
    """What an update changes; UNSET leaves a field as it is."""

    title: Change[str] = change(TEXT)
    starts_at: Change[datetime] = change(MOMENT)
    ends_at: Change[datetime | None] = change(nullable(MOMENT))
    name: Change[str] = change(TEXT)
    description: Change[str] = change(TEXT)
    location: Change[str] = change(TEXT)
    address: Change[str] = change(TEXT)
    venue_name: Change[str] = change(TEXT)
    capacity: Change[int | None] = change(nullable(WHOLE))
    seats_left: Change[int] = change(WHOLE)
    category_id: Change[CategoryId | None] = change(nullable(WHOLE))
    category_name: Change[str | None] = change(nullable(TEXT))
    is_private: Change[bool] = change(FLAG)
    kind: Change[EventKind] = change(choice(EventKind))
    price: Change[Decimal | None] = change(nullable(DECIMAL))
    location_type: Change[LocationType | None] = change(nullable(choice(LocationType)))
    region: Change[str] = change(TEXT)
    city: Change[str] = change(TEXT)
    pincode: Change[str] = change(TEXT)
    district: Change[str] = change(TEXT)
    state: Change[str] = change(TEXT)
    place: Change[str] = change(TEXT)
    latitude: Change[float | None] = change(nullable(NUMBER))
    longitude: Change[float | None] = change(nullable(NUMBER))
    # Replace every image, or only those at some positions (from 0, primary first).
    images: Change[tuple[EventImage, ...]] = change(IMAGES)
    images_at: Change[Mapping[int, str | None]] = change(IMAGES_AT)
    is_bookable: Change[bool] = change(FLAG)
    hosted_here: Change[bool] = change(FLAG)
    external_url: Change[str] = change(TEXT)
    publication_state: Change[PublicationState] = change(choice(PublicationState))
    publication_reason: Change[str] = change(TEXT)
    important_information: Change[str] = change(TEXT)
    icon: Change[str] = change(TEXT)
    # The kind the client takes the event to be: for another kind the event is not
    # found (the socialcalendar seed answers 404 for a mixed-up type).
    kind_must_be: Change[EventKind] = change(choice(EventKind))
    # Given by clients that send the owner along: an event never changes hands.
    creator_id: Change[UserId | None] = change(nullable(WHOLE))


# Input fields that are not Event attributes of the same name.
_RESOLVED = frozenset(
    {"seats_left", "category_id", "category_name", "images_at", "creator_id", "kind_must_be"}
    | {"publication_state", "publication_reason"}
)


def new_event(
    draft: EventDraft,
    *,
    creator_id: UserId,
    category_id: CategoryId | None,
    seats_taken: int,
    now: datetime,
) -> Event:
    """A validated, unsaved event made from `draft` by `creator_id`.

    `category_id` is the draft's category resolved by the caller; `seats_taken` the
    seats the event starts with (its organizer's, where the organizer attends).
    Raises InvalidValue naming the field.
    """
    check_creator(draft.creator_id, creator_id)
    values = {
        name: value
        for name, value in attrs.asdict(draft, recurse=False).items()
        if name not in _RESOLVED
    }
    values["images"] = with_one_primary(draft.images)
    values["capacity"] = capacity_for(draft.capacity, draft.seats_left, seats_taken)
    event = Event(
        **values,
        creator_id=creator_id,
        category_id=category_id,
        publication=Publication(draft.publication_state, draft.publication_reason),
        created_at=now,
        updated_at=now,
    )
    check_event(event)
    return event


def changed_event(
    event: Event,
    changes: EventChanges,
    *,
    category_id: Change[CategoryId | None],
    seats_taken: int,
    now: datetime,
) -> Event:
    """`event` with `changes` applied and checked, `category_id` being the changes'
    category resolved by the caller (UNSET: unchanged). The capacity never drops below
    the `seats_taken`. Raises InvalidValue naming the field."""
    if not isinstance(changes.creator_id, Unset):
        check_creator(changes.creator_id, event.creator_id)
    if not isinstance(changes.kind_must_be, Unset) and changes.kind_must_be is not event.kind:
        raise NotFound(f"No {changes.kind_must_be.value} event with this id.", field="id")
    values = {name: value for name, value in given(changes).items() if name not in _RESOLVED}
    if "images" in values:
        values["images"] = with_one_primary(values["images"])
    if not isinstance(changes.images_at, Unset):
        values["images"] = with_images_at(values.get("images", event.images), changes.images_at)
    if not isinstance(changes.seats_left, Unset):
        capacity = values.get("capacity")
        values["capacity"] = capacity_for(capacity, changes.seats_left, seats_taken)
    if not isinstance(category_id, Unset):
        values["category_id"] = category_id
    values["publication"] = Publication(
        _or(changes.publication_state, event.publication.state),
        _or(changes.publication_reason, event.publication.reason),
    )
    updated = attrs.evolve(event, **values, updated_at=now)
    check_event(updated)
    check_room_for(updated, seats_taken)
    return updated


def _or(value: Any, current: Any) -> Any:
    return current if value is UNSET else value


def check_creator(claimed: UserId | None, creator_id: UserId) -> None:
    """A client that names the event's owner must name its creator."""
    if claimed is not None:
        require(claimed == creator_id, "creator_id", Reason.NOT_THE_CREATOR, creator=creator_id)


def capacity_for(capacity: int | None, seats_left: int | None, taken: int) -> int | None:
    """The capacity a client means by `capacity` and/or `seats_left` (None: not given),
    with `taken` seats already registered.

    Giving only the seats left sets the capacity to `taken + seats_left`; giving both
    requires them to agree. Raises InvalidValue (seats_left).
    """
    if seats_left is None:
        return capacity
    require(seats_left >= 0, "seats_left", Reason.NEGATIVE)
    implied = taken + seats_left
    if capacity is not None:
        require(
            capacity == implied,
            "seats_left",
            Reason.SEATS_LEFT_MISMATCH,
            taken=taken,
            left=max(0, capacity - taken),
        )
    return implied
