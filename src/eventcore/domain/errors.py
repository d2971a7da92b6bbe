"""The domain error family. Each surface renders these in its own error format."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """Base of every rule violation the core reports to its callers."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(DomainError):
    """A value breaks a rule of the domain; `field` names the offending input."""

    code = "validation_error"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, a full event)."""

    code = "conflict"


class Forbidden(DomainError):
    code = "permission_denied"


class Unauthenticated(DomainError):
    code = "authentication_failed"


class AccountDisabled(Unauthenticated):
    code = "account_disabled"


class AlreadyExists(Conflict):
    code = "already_exists"


class EventFull(Conflict):
    code = "event_full"


class AlreadyParticipant(Conflict):
    code = "already_participant"


class NotParticipant(Conflict):
    code = "not_participant"


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"


class InvalidToken(Unauthenticated):
    """An opaque API token that is malformed, unknown or revoked."""

    code = "invalid_token"


class TokenMismatch(Unauthenticated):
    """A valid API token presented with the name of another user."""

    code = "token_mismatch"


class AlreadyTaken(AlreadyExists):
    """Several unique values are taken at once; `fields` maps each field to its message,
    so a client learns of every clash in one answer."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        if not fields:
            raise ValueError("AlreadyTaken needs at least one field.")
        first = next(iter(fields))
        super().__init__(fields[first], field=first)
        self.fields = dict(fields)


class OrganizerStays(Forbidden):
    """The organizer's own attendance cannot be withdrawn or removed."""

    code = "organizer_stays"
