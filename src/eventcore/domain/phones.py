"""Phone numbers: one written form per number, so uniqueness means the same number."""

from __future__ import annotations

import re

from eventcore.domain.errors import Reason
from eventcore.domain.validation import require

# Separators people type inside numbers; they carry no meaning.
_SEPARATORS = re.compile(r"[\s().\-/]")
_DIGITS = re.compile(r"^\+?\d{4,20}$")


def normalize_phone(phone: str) -> str:
    """`phone` without separators ("+1 (234) 567-890" -> "+1234567890").

    Raises InvalidValue(field="phone") unless what remains is 4 to 20 digits,
    optionally after a leading "+".
    """
    compact = _SEPARATORS.sub("", phone)
    require(bool(_DIGITS.match(compact)), "phone", Reason.INVALID_PHONE)
    return compact
