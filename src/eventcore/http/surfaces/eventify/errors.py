"""The Eventify error bodies (seed 001, "Error Responses").

- `{"status": "error", "message": "..."}`: the standard body, of every endpoint that
  takes a token, and of routing errors under the Eventify prefix;
- `{"status": "invalid_token"}`: a token that is malformed, unknown or logged out;
- `{"errors": {"field": ["..."]}}`: registration and login, as Django REST
  framework writes serializer errors; their 500 is `{"error": "..."}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, jsonify
from werkzeug.exceptions import InternalServerError

from eventcore.domain import errors
from eventcore.http.errors import Problem
from eventcore.http.openapi import FIELD_MESSAGES, TEXT, error_object

# Registration answers a taken email or phone with 400, as the seed documents.
ACCOUNT_STATUS_OVERRIDES: tuple[tuple[type[errors.DomainError], int], ...] = (
    (errors.AlreadyExists, 400),
)

# The domain's names for the fields Eventify calls otherwise.
FIELD_NAMES = {"phone": "phone_number"}

# The seed's words for a value someone else registered first.
TAKEN_MESSAGES = {
    "email": "Email is already registered.",
    "phone": "Phone number is already registered.",
}


def render(problem: Problem) -> Response:
    """The standard body, or the bare invalid-token one."""
    if problem.code == errors.InvalidToken.code:
        return _json({"status": "invalid_token"}, problem.status)
    return _json({"status": "error", "message": _first_message(problem)}, problem.status)


def render_field_errors(problem: Problem) -> Response:
    """Registration and login: every message under the field it is about."""
    if problem.status >= 500:
        return _json({"error": problem.message}, problem.status)
    details = {FIELD_NAMES.get(name, name): messages for name, messages in problem.details.items()}
    return _json({"errors": details or {"non_field_errors": [problem.message]}}, problem.status)


def taken_problem(error: errors.AlreadyExists) -> Problem:
    """Every clash of a registration, in the seed's words."""
    clashes = (
        error.fields
        if isinstance(error, errors.AlreadyTaken)
        else {error.field or "non_field_errors": error.message}
    )
    details = {name: [TAKEN_MESSAGES.get(name, message)] for name, message in clashes.items()}
    first = next(iter(details.values()))[0]
    return Problem(400, error.code, first, details)


def attach_account_handlers(blueprint: Any) -> None:
    """What registration and login add to the shared handlers: all clashes at once, and
    the seed's 500 body (Flask has already logged the original exception)."""

    def on_taken(error: errors.AlreadyExists) -> Response:
        return render_field_errors(taken_problem(error))

    def on_crash(error: InternalServerError) -> Response:
        return render_field_errors(Problem.from_http(InternalServerError()))

    blueprint.register_error_handler(errors.AlreadyExists, on_taken)
    blueprint.register_error_handler(InternalServerError, on_crash)


def _first_message(problem: Problem) -> str:
    """The standard body carries one message: for invalid input, the first field's."""
    if problem.code != errors.InvalidValue.code:
        return problem.message
    for messages in problem.details.values():
        message = _first_text(messages)
        if message:
            return message
    return problem.message


def _first_text(messages: Any) -> str | None:
    if isinstance(messages, str):
        return messages
    if isinstance(messages, Mapping):
        messages = list(messages.values())
    if isinstance(messages, list | tuple):
        for item in messages:
            found = _first_text(item)
            if found:
                return found
    return None


def _json(body: Mapping[str, Any], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


# The JSON Schema of this API's error bodies: its OpenAPI document's Error component.
ERROR_BODY = {
    "oneOf": [
        error_object(status={"type": "string", "enum": ["error"]}, message=TEXT),
        error_object(status={"type": "string", "enum": ["invalid_token"]}),
        error_object(errors=FIELD_MESSAGES),
        error_object(error=TEXT),
    ]
}
