"""Small checks shared by the entities; each failure names the offending field."""

from __future__ import annotations

import re
from typing import Any

from eventcore.domain.errors import InvalidValue, Reason

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def require(condition: bool, field: str, reason: Reason, **params: Any) -> None:
    if not condition:
        raise InvalidValue(field, reason, **params)


def check_length(value: str | None, field: str, *, maximum: int, minimum: int = 0) -> None:
    if value is None:
        return
    # PostgreSQL text cannot hold NUL, and no client means one.
    require("\x00" not in value, field, Reason.NUL_CHARACTERS)
    require(len(value) >= minimum, field, Reason.TOO_SHORT, minimum=minimum)
    require(len(value) <= maximum, field, Reason.TOO_LONG, maximum=maximum)


def check_title(title: str, *, maximum: int) -> None:
    """A title: some text that is not only blanks."""
    check_length(title, "title", minimum=1, maximum=maximum)
    require(bool(title.strip()), "title", Reason.BLANK)


def check_between(value: float, field: str, minimum: float, maximum: float) -> None:
    require(
        minimum <= value <= maximum, field, Reason.OUT_OF_RANGE, minimum=minimum, maximum=maximum
    )


def normalize_email(email: str) -> str:
    email = email.strip()
    require(bool(EMAIL_PATTERN.match(email)), "email", Reason.INVALID_EMAIL)
    check_length(email, "email", maximum=254)
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_coordinates(latitude: float | None, longitude: float | None) -> None:
    if latitude is not None:
        check_between(latitude, "latitude", -90, 90)
    if longitude is not None:
        check_between(longitude, "longitude", -180, 180)
