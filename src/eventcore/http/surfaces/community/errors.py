"""The community error format (seed 000): {"error": "<HTTP reason>", "message": "..."}.

The seed's sentences are kept where it has them. Where it answers bad input with
a bare sentence ("An error occurred creating the event."), the sentence is kept
and the field at fault follows it, so a client learns what to fix. A view names
its sentences with `speaking`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from attrs import frozen
from flask import Response

from eventcore.domain import errors
from eventcore.domain.groups import AlreadyMember, NotMember
from eventcore.domain.identity import (
    GoogleLoginUnavailable,
    MalformedIdentityToken,
    UntrustedIdentityToken,
)
from eventcore.http.errors import Problem, reason_and_message
from eventcore.http.openapi import TEXT, RequestInvalid, error_object, first_message

F = TypeVar("F", bound=Callable[..., Any])

# The seed's own sentences for answers every endpoint gives alike.
SEED_MESSAGES = {
    405: "The HTTP method used is not allowed for this endpoint.",
    429: "Rate limit exceeded. Please try again later.",
    500: "It's not you, it's us. We encountered an internal server error.",
}

STATUS_OVERRIDES: tuple[tuple[type[errors.DomainError], int], ...] = (
    (MalformedIdentityToken, 400),
    (UntrustedIdentityToken, 403),
    (GoogleLoginUnavailable, 503),
    # "User already in group", "User is not a member of this group": 403 in the seed.
    (AlreadyMember, 403),
    (NotMember, 403),
    (errors.AlreadyExists, 400),
)

# The domain's names for the fields this API calls otherwise.
FIELD_NAMES = {
    "starts_at": "start_date",
    "ends_at": "end_date",
    "display_name": "name",
    "url": "image_url",
    "images": "thumbnail",
}


class Worded(Exception):
    """An answer already in this API's words, with its status."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


@frozen
class Speech:
    """How one view words its failures. `invalid` opens every bad-input answer (the
    field at fault follows it, unless `invalid_only`); the others replace the core's
    sentence for that kind of failure."""

    invalid: str = "your request could not be completed"
    invalid_only: bool = False
    not_found: str | None = None
    forbidden: str | None = None


def speaking(speech: Speech) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except RequestInvalid as invalid:
                raise Worded(400, _compose(speech, first_message(invalid.messages))) from invalid
            except errors.InvalidValue as invalid:
                field = FIELD_NAMES.get(invalid.field or "", invalid.field or "body")
                raise Worded(400, _compose(speech, invalid.describe(field))) from invalid
            except errors.NotFound as missing:
                raise Worded(404, speech.not_found or missing.message) from missing
            except (AlreadyMember, NotMember):
                raise
            except errors.Forbidden as refused:
                if speech.forbidden is None or type(refused) is not errors.Forbidden:
                    raise
                raise Worded(403, speech.forbidden) from refused

        return cast(F, wrapper)

    return decorate


def _compose(speech: Speech, detail: str) -> str:
    if speech.invalid_only:
        return speech.invalid
    return f"{speech.invalid.rstrip('.')}: {detail}"


def render(problem: Problem) -> Response:
    message = SEED_MESSAGES.get(problem.status, problem.message)
    return reason_and_message(problem.status, message, problem.headers)


def render_worded(error: Worded) -> Response:
    return reason_and_message(error.status, error.text, {})


# The JSON Schema of this API's error bodies: its OpenAPI document's Error component.
ERROR_BODY = error_object(error=TEXT, message=TEXT)
