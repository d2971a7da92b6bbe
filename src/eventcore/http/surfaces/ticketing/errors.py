"""The ticketing error format: {"error": "<one plain sentence>"} (seed 004).

The seed's own words are kept where it has them ("Event not found", "Access
denied", ...). Where it shows database error text (`PSQL error(23514) ...`) the
answer says instead, in plain words, which field is wrong and why. A view names
the seed's words for its errors with `saying`, since the seed words the same
failure differently on different endpoints ("Event not found" here, "Bad
Request: Event not found" there).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import frozen
from flask import Response, jsonify

from eventcore.domain import errors
from eventcore.http.errors import Problem, status_for
from eventcore.http.openapi import TEXT, RequestInvalid, error_object

F = TypeVar("F", bound=Callable[..., Any])

# Where this API answers with another status than the shared table.
STATUS_OVERRIDES: tuple[tuple[type[errors.DomainError], int], ...] = (
    (errors.AlreadyExists, 400),  # "Email is already in use", "User has already registered"
    (errors.EventFull, 400),  # refused like every other attendance the seed refuses
    (errors.AlreadyParticipant, 400),
    (errors.NotParticipant, 400),
    (errors.SeatsAvailable, 400),  # Waitlisted (an extension) for an event with seats left
)

# The domain's names for the fields this API calls otherwise.
FIELD_NAMES = {
    "starts_at": "start_datetime",
    "ends_at": "end_datetime",
    "creator_id": "owner_id",
    "category_id": "category",
    "images": "photo urls",
    "role": "access_type",
    "seats_left": "tickets_remaining",
}

# Where this API words a refused value otherwise than the core does.
WORDING: Mapping[errors.Reason, str] = {
    errors.Reason.SEATS_LEFT_MISMATCH: (
        "{field} must equal capacity minus the {taken} tickets already taken ({left})."
    ),
}

# The seed answers a refusal "Access denied"; these say what was refused, by reason.
ACCESS_DENIED_WORDS: Mapping[str, str] = {
    "staff_create": "Access denied: only moderators and admins can create events",
    "staff_change": "Access denied: only moderators and admins can change events",
    "creator_change": "Access denied: only the event creator can change this event",
    "admin_grants_roles": "Access denied: only an admin can create moderators and admins",
    "admin_lists_users": "Access denied: only an admin can list every user",
    "own_account_only": "Access denied: you can only change or delete your own account",
    "own_attendances_only": "Access denied: only the user and admins can see a user's attendances",
    "admin_lists_attendees": "Access denied: only an admin can list the attendees of an event",
    "own_attendance_only": "Access denied: you can only remove your own attendance",
    "private_event": "Access denied: this event is private",
}

# The seed's sentences for failures every endpoint words alike: (code, field) -> text.
_WORDS: Mapping[tuple[str, str | None], str] = {
    ("already_exists", "email"): "Email is already in use",
    ("already_exists", "username"): "Username is already in use",
    ("already_exists", "event"): "User has already registered for this event",
    ("event_full", "capacity"): "Sold out: there are no tickets remaining for this event",
}

BAD_REQUEST = "Bad Request"
ACCESS_DENIED = "Access denied"
EVENT_NOT_FOUND = "Event not found"
USER_NOT_FOUND = "User not found"
ID_MUST_BE_A_NUMBER = "Bad Request: id must be a number"
NO_ATTENDANCE = "No record of Attendance between the user and event provided"


class Worded(Exception):
    """An error already in the seed's words, with its status."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


@frozen
class Say:
    """In this view, answer `error` (and its subclasses) with `text`, and `status`
    when given (else the usual status for that error)."""

    error: type[errors.DomainError]
    text: str
    status: int | None = None


def saying(*says: Say) -> Callable[[F], F]:
    """Word the view's domain errors as the seed does; the first matching Say wins."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except errors.DomainError as error:
                for say in says:
                    if isinstance(error, say.error):
                        status = say.status or status_of(error)
                        raise Worded(status, say.text) from error
                raise

        return cast(F, wrapper)

    return decorate


def status_of(error: errors.DomainError) -> int:
    return status_for(error, STATUS_OVERRIDES)


def path_id(raw: str, text: str = ID_MUST_BE_A_NUMBER) -> int:
    """An id from the path (`/api/events/:id`); anything but digits is a 400 with `text`."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise Worded(400, text)
    return int(raw)


def render(problem: Problem) -> Response:
    return _json(problem.status, _sentence(problem), dict(problem.headers))


def render_forbidden(error: errors.Forbidden) -> Response:
    """A refusal, in this API's words for what was refused."""
    if type(error) is not errors.Forbidden:
        return render(Problem.from_domain(error, status_of(error), FIELD_NAMES, WORDING))
    return _json(403, ACCESS_DENIED_WORDS.get(error.reason, ACCESS_DENIED), {})


def render_worded(error: Worded) -> Response:
    return _json(error.status, error.text, {})


def render_request_invalid(error: RequestInvalid) -> Response:
    """A body, query or form that does not fit its schema: the first field at fault."""
    if not error.messages:
        return _json(400, BAD_REQUEST, {})
    field, messages = next(iter(error.messages.items()))
    message = _first_text(messages).rstrip(".")
    if field == "body":
        return _json(400, f"{BAD_REQUEST}: {message}", {})
    # Each message is a predicate written for its field ("must be a whole number").
    return _json(400, f"{BAD_REQUEST}: {field} {message}", {})


def _sentence(problem: Problem) -> str:
    field = next(iter(problem.details), None)
    words = _WORDS.get((problem.code, field))
    if words is not None:
        return words
    message = problem.message.rstrip(".")
    if problem.code == errors.InvalidValue.code:
        return f"{BAD_REQUEST}: {message}"
    return message


def _first_text(messages: Any) -> str:
    """The first message in marshmallow's nesting of lists and dicts."""
    while not isinstance(messages, str):
        if isinstance(messages, Mapping):
            messages = next(iter(messages.values()), "is not valid")
        elif isinstance(messages, list | tuple):
            messages = messages[0] if messages else "is not valid"
        else:
            return "is not valid"
    return messages


def _json(status: int, text: str, headers: Mapping[str, str]) -> Response:
    response = jsonify({"error": text})
    response.status_code = status
    for name, value in headers.items():
        if name.lower() != "content-type":
            response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ticketing"'
    return response


# The JSON Schema of this API's error bodies: its OpenAPI document's Error component.
ERROR_BODY = error_object(error=TEXT)
