"""Small checks shared by the entities; each failure names the offending field."""

from __future__ import annotations

import re

from eventcore.domain.errors import InvalidValue

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise InvalidValue(message, field=field)


def check_length(value: str | None, field: str, *, maximum: int, minimum: int = 0) -> None:
    if value is None:
        return
    # PostgreSQL text cannot hold NUL, and no client means one.
    require("\x00" not in value, field, f"{field} may not contain NUL characters.")
    require(len(value) >= minimum, field, f"{field} must have at least {minimum} characters.")
    require(len(value) <= maximum, field, f"{field} must have at most {maximum} characters.")


def normalize_email(email: str) -> str:
    email = email.strip()
    require(bool(EMAIL_PATTERN.match(email)), "email", "Enter a valid email address.")
    check_length(email, "email", maximum=254)
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_coordinates(latitude: float | None, longitude: float | None) -> None:
    if latitude is not None:
        require(-90 <= latitude <= 90, "latitude", "latitude must be between -90 and 90.")
    if longitude is not None:
        require(-180 <= longitude <= 180, "longitude", "longitude must be between -180 and 180.")
