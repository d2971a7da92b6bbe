"""Shared checks: email normalisation and validation, coordinates."""

from __future__ import annotations

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from eventcore.domain.errors import InvalidValue
from eventcore.domain.validation import check_coordinates, check_length, normalize_email


def test_email_domain_is_lowercased_and_local_part_kept() -> None:
    assert normalize_email("Ada.Lovelace@Example.ORG") == "Ada.Lovelace@example.org"


def test_email_surrounding_whitespace_is_dropped() -> None:
    assert normalize_email("  ada@example.org\n") == "ada@example.org"


@pytest.mark.parametrize(
    "email",
    [
        "",
        "ada",
        "ada@",
        "@example.org",
        "ada@example",
        "ada lovelace@example.org",
        "ada@@example.org",
        "ada@exa mple.org",
    ],
)
def test_malformed_email_is_refused_naming_the_email_field(email: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        normalize_email(email)
    assert caught.value.field == "email"


def test_email_longer_than_254_characters_is_refused() -> None:
    email = "a" * 243 + "@example.org"
    assert len(email) == 255
    with pytest.raises(InvalidValue) as caught:
        normalize_email(email)
    assert caught.value.field == "email"


def test_email_of_exactly_254_characters_is_accepted() -> None:
    email = "a" * 242 + "@example.org"
    assert normalize_email(email) == email


@settings(max_examples=100, deadline=None)
@given(st.emails())
def test_normalising_an_email_twice_changes_nothing_more(email: str) -> None:
    try:
        once = normalize_email(email)
    except InvalidValue:
        reject()  # too long for the 254-character limit
    assert normalize_email(once) == once
    assert once.lower() == email.strip().lower()


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(-90, -180), (90, 180), (0.0, 0.0), (None, None)]
)
def test_coordinates_on_the_bounds_are_accepted(
    latitude: float | None, longitude: float | None
) -> None:
    check_coordinates(latitude, longitude)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (90.0001, 0, "latitude"),
        (-91, 0, "latitude"),
        (float("nan"), 0, "latitude"),
        (0, 180.5, "longitude"),
        (0, -181, "longitude"),
        (None, float("inf"), "longitude"),
    ],
)
def test_coordinates_out_of_range_name_the_offending_field(
    latitude: float | None, longitude: float | None, field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_coordinates(latitude, longitude)
    assert caught.value.field == field


def test_length_check_names_the_field_and_skips_none() -> None:
    check_length(None, "bio", maximum=1, minimum=1)
    with pytest.raises(InvalidValue) as caught:
        check_length("ab", "bio", maximum=1)
    assert caught.value.field == "bio"
