"""Page requests and pages."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcore.domain.errors import InvalidValue
from eventcore.domain.ids import MAX_ID
from eventcore.domain.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest
from strategies import page_sizes


def test_page_request_defaults_to_the_first_page_of_twenty() -> None:
    request = PageRequest()
    assert (request.page, request.page_size, request.offset) == (1, DEFAULT_PAGE_SIZE, 0)


def test_offset_skips_the_earlier_pages() -> None:
    assert PageRequest(page=3, page_size=25).offset == 50


@pytest.mark.parametrize("page", [0, -1])
def test_page_below_one_is_refused_naming_page(page: int) -> None:
    with pytest.raises(InvalidValue) as caught:
        PageRequest(page=page)
    assert caught.value.field == "page"


@pytest.mark.parametrize("page_size", [0, -5, MAX_PAGE_SIZE + 1])
def test_page_size_outside_one_to_a_hundred_is_refused_naming_page_size(page_size: int) -> None:
    with pytest.raises(InvalidValue) as caught:
        PageRequest(page_size=page_size)
    assert caught.value.field == "page_size"


@pytest.mark.parametrize("page_size", [1, MAX_PAGE_SIZE])
def test_page_size_on_the_bounds_is_accepted(page_size: int) -> None:
    assert PageRequest(page_size=page_size).page_size == page_size


def test_empty_result_is_one_page_with_nowhere_to_go() -> None:
    page: Page[int] = Page([], 0, PageRequest())
    assert page.page_count == 1
    assert not page.has_next
    assert not page.has_previous


@pytest.mark.parametrize(
    ("page", "total", "page_count", "has_next", "has_previous"),
    [
        (1, 45, 3, True, False),
        (2, 45, 3, True, True),
        (3, 45, 3, False, True),
        (2, 40, 2, False, True),
        (1, 20, 1, False, False),
        (5, 45, 3, False, True),
    ],
)
def test_page_knows_its_neighbours(
    page: int, total: int, page_count: int, has_next: bool, has_previous: bool
) -> None:
    result: Page[int] = Page([], total, PageRequest(page=page, page_size=20))
    assert result.page_count == page_count
    assert result.has_next is has_next
    assert result.has_previous is has_previous


@settings(max_examples=100, deadline=None)
@given(total=st.integers(0, 10_000), page_size=page_sizes(), page=st.integers(1, 200))
def test_page_count_covers_the_total_and_has_next_means_more_items_follow(
    total: int, page_size: int, page: int
) -> None:
    result: Page[int] = Page([], total, PageRequest(page=page, page_size=page_size))
    assert result.page_count == max(1, math.ceil(total / page_size))
    assert result.has_next == (page * page_size < total)
    assert result.has_previous == (page > 1)


def test_a_page_whose_offset_passes_every_id_is_refused_naming_the_page() -> None:
    with pytest.raises(InvalidValue) as refused:
        PageRequest(288230376151711745, 59)
    assert refused.value.field == "page"
    assert PageRequest(MAX_ID // 100 + 1, 100).offset <= MAX_ID
