"""Phone numbers keep one written form, so two spellings of a number are the same number."""

from __future__ import annotations

import pytest

from eventcore.domain.errors import InvalidValue
from eventcore.domain.phones import normalize_phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+1234567890", "+1234567890"),
        ("+1 (234) 567-890", "+1234567890"),
        (" 080 2345.6789 ", "08023456789"),
        ("98450/12345", "9845012345"),
    ],
)
def test_separators_are_dropped(typed: str, kept: str) -> None:
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize("typed", ["", "   ", "abc", "123", "+", "1+234567", "1" * 21, "12 34\x00"])
def test_text_that_is_no_number_is_refused_naming_phone(typed: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        normalize_phone(typed)
    assert refused.value.field == "phone"
