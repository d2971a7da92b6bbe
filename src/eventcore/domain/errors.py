"""The domain error family. Each surface renders these in its own error format.

A refused value (`InvalidValue`) carries the field, a machine-readable `Reason`
and the reason's parameters; its `message` is the core's own English sentence
(see `WORDING`), and each surface may word it otherwise with its own field
names. Other errors carry a plain message and, where a surface words them in
its own sentences, a `reason` to look them up by.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """Base of every rule violation the core reports to its callers."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason


class Reason(enum.StrEnum):
    """Why a value was refused. Each surface may word every reason in its own way."""

    REQUIRED = "required"
    NOT_SETTABLE = "not_settable"
    WRONG_TYPE = "wrong_type"
    BLANK = "blank"
    NUL_CHARACTERS = "nul_characters"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BELOW_MINIMUM = "below_minimum"
    ABOVE_MAXIMUM = "above_maximum"
    OUT_OF_RANGE = "out_of_range"
    NEGATIVE = "negative"
    NOT_A_NUMBER = "not_a_number"
    TOO_LARGE = "too_large"
    NOT_ONE_OF = "not_one_of"
    NO_TIME_ZONE = "no_time_zone"
    NOT_AFTER_START = "not_after_start"
    NOT_IN_FUTURE = "not_in_future"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_USERNAME = "invalid_username"
    INVALID_IMAGE = "invalid_image"
    INVALID_IMAGE_SIZE = "invalid_image_size"
    TOO_MANY_IMAGES = "too_many_images"
    SEVERAL_PRIMARY_IMAGES = "several_primary_images"
    IMAGE_POSITION = "image_position"
    BELOW_SEATS_TAKEN = "below_seats_taken"
    SEATS_LEFT_MISMATCH = "seats_left_mismatch"
    NO_SUCH_CATEGORY = "no_such_category"
    UNKNOWN_CATEGORY_NAME = "unknown_category_name"
    NO_CATEGORIES = "no_categories"
    NO_SUCH_EVENT = "no_such_event"
    NOT_THE_CREATOR = "not_the_creator"
    ASSIGNEE_NOT_TAKING_PART = "assignee_not_taking_part"
    OPTION_COUNT = "option_count"
    DUPLICATE_OPTION = "duplicate_option"
    NO_OPTION_CHOSEN = "no_option_chosen"
    OPTION_CHOSEN_TWICE = "option_chosen_twice"
    ONE_OPTION_ONLY = "one_option_only"
    UNKNOWN_OPTION = "unknown_option"
    NOTHING_TO_CHANGE = "nothing_to_change"
    LOGIN_AND_PASSWORD_REQUIRED = "login_and_password_required"
    NOT_A_NEW_ATTENDANCE_STATUS = "not_a_new_attendance_status"


# The core's own sentences, by reason; `{field}` is the name of the field at fault.
WORDING: Mapping[Reason, str] = {
    Reason.REQUIRED: "{field} is required.",
    Reason.NOT_SETTABLE: "{field} cannot be set here.",
    Reason.WRONG_TYPE: "{field} must be {expected}.",
    Reason.BLANK: "{field} may not be blank.",
    Reason.NUL_CHARACTERS: "{field} may not contain NUL characters.",
    Reason.TOO_SHORT: "{field} must have at least {minimum} characters.",
    Reason.TOO_LONG: "{field} must have at most {maximum} characters.",
    Reason.BELOW_MINIMUM: "{field} must be at least {minimum}.",
    Reason.ABOVE_MAXIMUM: "{field} must be at most {maximum}.",
    Reason.OUT_OF_RANGE: "{field} must be between {minimum} and {maximum}.",
    Reason.NEGATIVE: "{field} may not be negative.",
    Reason.NOT_A_NUMBER: "{field} must be a number.",
    Reason.TOO_LARGE: "{field} is too large.",
    Reason.NOT_ONE_OF: "{field} must be one of {choices}.",
    Reason.NO_TIME_ZONE: "{field} must carry a time zone.",
    Reason.NOT_AFTER_START: "{field} must be after the start.",
    Reason.NOT_IN_FUTURE: "{field} must be in the future.",
    Reason.INVALID_EMAIL: "Enter a valid email address.",
    Reason.INVALID_PHONE: "Enter a valid phone number.",
    Reason.INVALID_USERNAME: "{field} may contain only letters, digits and . + - _",
    Reason.INVALID_IMAGE: "{field} must be an image file ({suffixes}).",
    Reason.INVALID_IMAGE_SIZE: "{field} must be a non-empty file of at most {megabytes} MB.",
    Reason.TOO_MANY_IMAGES: "At most {maximum} {field}.",
    Reason.SEVERAL_PRIMARY_IMAGES: "Only one image may be primary.",
    Reason.IMAGE_POSITION: "{field} positions must be between 0 and {maximum}.",
    Reason.BELOW_SEATS_TAKEN: "{field} cannot be below the {taken} seats already taken.",
    Reason.SEATS_LEFT_MISMATCH: (
        "{field} must equal capacity minus the {taken} seats already taken ({left})."
    ),
    Reason.NO_SUCH_CATEGORY: "{field} names no category.",
    Reason.UNKNOWN_CATEGORY_NAME: "category must be one of: {known}.",
    Reason.NO_CATEGORIES: "category names no category (there are none yet).",
    Reason.NO_SUCH_EVENT: "There is no such event.",
    Reason.NOT_THE_CREATOR: (
        "{field} must be {creator}: an event belongs to the one who created it."
    ),
    Reason.ASSIGNEE_NOT_TAKING_PART: "The assignee must take part in the event.",
    Reason.OPTION_COUNT: "{field} must hold between {minimum} and {maximum} choices.",
    Reason.DUPLICATE_OPTION: "The option {text!r} is listed twice.",
    Reason.NO_OPTION_CHOSEN: "Choose at least one option.",
    Reason.OPTION_CHOSEN_TWICE: "Each option may be chosen only once.",
    Reason.ONE_OPTION_ONLY: "This vote allows one option only.",
    Reason.UNKNOWN_OPTION: "This vote has no option {option}.",
    Reason.NOTHING_TO_CHANGE: "Give at least one field to change.",
    Reason.LOGIN_AND_PASSWORD_REQUIRED: "{field} and password are required.",
    Reason.NOT_A_NEW_ATTENDANCE_STATUS: "{field} must be Interested, Registered or Waitlisted.",
}


class InvalidValue(DomainError):
    """A value breaks a rule of the domain: `field` names the input, `reason` the rule,
    `params` the rule's numbers or words."""

    code = "validation_error"

    def __init__(self, field: str, reason: Reason, **params: Any) -> None:
        self.params = params
        super().__init__(word(reason, field, params), field=field, reason=reason)

    def describe(self, field: str, wording: Mapping[Reason, str] | None = None) -> str:
        """The sentence for this refusal, with `field` as the client calls the field and
        `wording` in place of the core's sentences where it has one."""
        return word(Reason(self.reason), field, self.params, wording)


def word(
    reason: Reason,
    field: str,
    params: Mapping[str, Any],
    wording: Mapping[Reason, str] | None = None,
) -> str:
    template = (wording or {}).get(reason) or WORDING[reason]
    return template.format(field=field, **params)


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


class SeatsAvailable(Conflict):
    """The waiting list of an event with free seats: join the event instead."""

    code = "seats_available"


class AlreadyWaiting(Conflict):
    code = "already_waiting"


class NotWaiting(Conflict):
    code = "not_waiting"


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"


class UnknownLogin(InvalidCredentials, NotFound):
    """No account has the name or email a password login gave. Surfaces that must not
    tell which accounts exist answer it as any other InvalidCredentials."""


class WrongPassword(InvalidCredentials):
    """The account exists, and the password is not its own."""


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
