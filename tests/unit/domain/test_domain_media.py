"""Image uploads (avatars)."""

from __future__ import annotations

import pytest

from eventcore.domain.errors import InvalidValue
from eventcore.domain.media import IMAGE_SUFFIXES, MAX_IMAGE_BYTES, Upload, check_image


@pytest.mark.parametrize("suffix", sorted(IMAGE_SUFFIXES))
def test_image_suffixes_are_accepted(suffix: str) -> None:
    assert check_image(Upload(f"me{suffix}", b"\x89data"), "avatar") == suffix


def test_suffix_is_returned_in_lower_case() -> None:
    assert check_image(Upload("Holiday.JPEG", b"data"), "avatar") == ".jpeg"


@pytest.mark.parametrize("filename", ["me.txt", "me", "png", "me.png.exe", "me.svg", ""])
def test_file_that_is_not_an_image_is_refused_naming_the_field(filename: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_image(Upload(filename, b"data"), "avatar")
    assert caught.value.field == "avatar"


def test_empty_file_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_image(Upload("me.png", b""), "avatar")
    assert caught.value.field == "avatar"


def test_file_of_exactly_the_size_limit_is_accepted_and_one_byte_more_is_not() -> None:
    assert check_image(Upload("me.png", bytes(MAX_IMAGE_BYTES)), "avatar") == ".png"
    with pytest.raises(InvalidValue):
        check_image(Upload("me.png", bytes(MAX_IMAGE_BYTES + 1)), "avatar")


def test_refusal_names_whichever_field_the_caller_gave() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_image(Upload("cover.pdf", b"data"), "cover")
    assert caught.value.field == "cover"
