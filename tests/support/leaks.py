"""What no response may carry (DESIGN.md section 3), and how a test looks for it."""

from __future__ import annotations

from flask import Response

from support.constants import EVENTIFY_PASSWORD, PASSWORD

# What must never leave the server, as it would appear in a body or a header.
SECRETS = (
    PASSWORD,
    EVENTIFY_PASSWORD,
    "$argon2",  # a password hash
    "Traceback (most recent call last)",
    "sqlalchemy",
    "psycopg",
    "sqlite3.",
    "IntegrityError",
    "OperationalError",
    "(Background on this error",
    "SELECT ",
    "INSERT INTO",
)
# Only what a server writes itself is read; vendored files (the docs page's
# script bundle) and uploaded media are served as stored.
_READ_TYPES = ("application/json", "text/html", "text/plain", "text/calendar")


def leaked(response: Response) -> list[str]:
    """The secrets found in `response`'s headers and text body."""
    found = [
        secret
        for name, value in response.headers.items()
        for secret in SECRETS
        if secret in f"{name}: {value}"
    ]
    if response.mimetype in _READ_TYPES and not response.direct_passthrough:
        body = response.get_data(as_text=True)
        found += [secret for secret in SECRETS if secret in body]
    return found
