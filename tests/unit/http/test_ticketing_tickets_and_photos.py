"""Ticketing's words over the core: tickets remaining are the seats left, the capacity a
client means by them, and photos in numbered slots over the images' positions."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.errors import InvalidValue
from eventcore.domain.event_changes import capacity_for
from eventcore.domain.events import Event, EventImage, with_images_at
from eventcore.domain.ids import UserId
from eventcore.http.surfaces.ticketing.errors import FIELD_NAMES, WORDING
from eventcore.http.surfaces.ticketing.schemas import images_at_slots, photo_url
from strategies import T0


def tickets_remaining(capacity: int | None, taken: int) -> int | None:
    event = Event(title="Gig", creator_id=UserId(1), starts_at=T0, created_at=T0, updated_at=T0)
    return attrs.evolve(event, capacity=capacity).seats_left(taken)


def with_photos(
    images: tuple[EventImage, ...], photos: Mapping[int, str | None]
) -> tuple[EventImage, ...]:
    return with_images_at(images, images_at_slots(photos))


def _images(*urls: str, primary: int = 0) -> tuple[EventImage, ...]:
    return tuple(EventImage(url, is_primary=n == primary) for n, url in enumerate(urls))


def test_tickets_remaining_is_the_capacity_minus_the_seats_taken() -> None:
    assert tickets_remaining(10, 3) == 7
    assert tickets_remaining(3, 3) == 0


def test_an_event_without_capacity_has_no_ticket_count() -> None:
    assert tickets_remaining(None, 42) is None


@given(st.integers(1, 1000), st.integers(0, 2000))
def test_tickets_remaining_is_never_below_zero(capacity: int, taken: int) -> None:
    remaining = tickets_remaining(capacity, taken)
    assert remaining is not None
    assert remaining >= 0
    assert remaining == capacity - taken or (taken > capacity and remaining == 0)


def test_the_capacity_alone_is_taken_as_is() -> None:
    assert capacity_for(50, None, taken=10) == 50
    assert capacity_for(None, None, taken=10) is None


def test_tickets_remaining_alone_is_added_to_the_seats_taken() -> None:
    assert capacity_for(None, 5, taken=3) == 8


def test_capacity_and_tickets_remaining_must_agree() -> None:
    assert capacity_for(8, 5, taken=3) == 8
    with pytest.raises(InvalidValue) as refused:
        capacity_for(10, 5, taken=3)
    field = FIELD_NAMES[str(refused.value.field)]
    assert field == "tickets_remaining"
    assert refused.value.describe(field, WORDING) == (
        "tickets_remaining must equal capacity minus the 3 tickets already taken (7)."
    )


def test_negative_tickets_remaining_is_refused() -> None:
    with pytest.raises(InvalidValue):
        capacity_for(None, -1, taken=0)


@given(st.integers(0, 500), st.integers(0, 500))
def test_the_capacity_from_tickets_remaining_gives_them_back(taken: int, remaining: int) -> None:
    capacity = capacity_for(None, remaining, taken)
    assert tickets_remaining(capacity, taken) == remaining


def _photo_urls(images: tuple[EventImage, ...]) -> tuple[str | None, ...]:
    return tuple(photo_url(images, slot) for slot in (1, 2, 3))


def test_photos_are_shown_primary_first_and_padded() -> None:
    assert _photo_urls(_images("a", "b", primary=1)) == ("b", "a", None)
    assert _photo_urls(_images("a", "b", "c", primary=2)) == ("c", "a", "b")
    assert _photo_urls(_images("a")) == ("a", None, None)
    assert _photo_urls(()) == (None, None, None)


def test_only_three_photos_are_shown() -> None:
    assert _photo_urls(_images("a", "b", "c", "d")) == ("a", "b", "c")


def test_a_slot_is_replaced_and_the_first_photo_is_primary() -> None:
    assert with_photos(_images("a", "b"), {2: "x", 3: "y"}) == (
        EventImage("a", True),
        EventImage("x"),
        EventImage("y"),
    )


def test_emptying_a_slot_moves_later_photos_up() -> None:
    assert with_photos(_images("a", "b", "c"), {1: None}) == (
        EventImage("b", True),
        EventImage("c"),
    )


def test_images_beyond_the_slots_stay_behind_them() -> None:
    assert with_photos(_images("a", "b", "c", "d"), {2: "x"}) == (
        EventImage("a", True),
        EventImage("x"),
        EventImage("c"),
        EventImage("d"),
    )


def test_there_is_no_fourth_slot() -> None:
    with pytest.raises(InvalidValue):
        with_photos((), {4: "x"})


@given(
    st.lists(st.text(min_size=1, max_size=3), max_size=5),
    st.dictionaries(st.integers(1, 3), st.none() | st.text(min_size=1, max_size=3)),
)
def test_photos_always_have_at_most_one_primary_image_first(
    urls: list[str], changes: dict[int, str | None]
) -> None:
    images = with_photos(tuple(EventImage(url) for url in urls), changes)
    assert sum(image.is_primary for image in images) == (1 if images else 0)
    assert not images or images[0].is_primary
