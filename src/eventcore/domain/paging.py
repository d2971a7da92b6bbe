"""Page requests, pages and typed list filters."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Generic, TypeVar

from attrs import field, frozen

from eventcore.domain.errors import Reason
from eventcore.domain.events import EventStatus
from eventcore.domain.ids import MAX_ID, CategoryId, UserId
from eventcore.domain.validation import check_between, require

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T")


def _check_page(_: object, __: object, page: int) -> None:
    require(page >= 1, "page", Reason.BELOW_MINIMUM, minimum=1)


def _check_page_size(_: object, __: object, size: int) -> None:
    check_between(size, "page_size", 1, MAX_PAGE_SIZE)


@frozen
class PageRequest:
    page: int = field(default=1, validator=_check_page)
    page_size: int = field(default=DEFAULT_PAGE_SIZE, validator=_check_page_size)
    # Every match on one page, for lists a client API documents as "all of them"
    # (ticketing's GET /api/events); `page_size` does not apply then.
    everything: bool = field(default=False, kw_only=True)

    @classmethod
    def all_items(cls) -> PageRequest:
        return cls(everything=True)

    def __attrs_post_init__(self) -> None:
        # No list holds more rows than there are ids, and a larger offset overflows
        # the databases' integers.
        require(self.offset <= MAX_ID, "page", Reason.TOO_LARGE)

    @property
    def offset(self) -> int:
        return 0 if self.everything else (self.page - 1) * self.page_size

    @property
    def limit(self) -> int | None:
        """How many items the page holds at most; None for every one."""
        return None if self.everything else self.page_size


@frozen
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    request: PageRequest

    @property
    def page_count(self) -> int:
        if self.request.everything:
            return 1
        return max(1, math.ceil(self.total / self.request.page_size))

    @property
    def has_next(self) -> bool:
        return self.request.page < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.request.page > 1


@frozen
class Streamed(Generic[T]):
    """A list too long to hold at once: how many items it has, known first, and the
    items, read as they are iterated (while the unit of work that read them is open)."""

    total: int
    items: Iterator[T]


@frozen(kw_only=True)
class EventFilter:
    """Which events a list shows. Every condition is optional and they combine with AND.

    `viewer_id` limits the list to what that user may see (public events, their
    own, and those they take part in); `now` anchors the `status` condition.
    """

    viewer_id: UserId | None = None
    search: str | None = None
    status: EventStatus | None = None
    now: datetime | None = None
    creator_id: UserId | None = None
    # The user's own events: those they created or take part in.
    member_id: UserId | None = None
    category_id: CategoryId | None = None
    pincode: str | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    # Overlap window: the event runs at some moment in [overlaps_from, overlaps_before).
    overlaps_from: datetime | None = None
    overlaps_before: datetime | None = None

    def __attrs_post_init__(self) -> None:
        if self.status is not None and self.now is None:
            raise ValueError("A status condition needs `now` to compare against.")
