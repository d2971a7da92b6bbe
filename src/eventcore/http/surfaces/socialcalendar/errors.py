"""The socialcalendar error format. The seed documents status codes only; the body
is {"error": "<HTTP reason>", "message": "<what to fix, naming the field>"}, as
community's (seed 000), so one client can read both Google-login APIs alike.

The seed's lists decide the statuses: a bad body or argument is 400 (also a
duplicate: already friends, already a member), no session 401, no right 403
(also a private event opened by a non-member), nothing found 404.
"""

from __future__ import annotations

from flask import Response

from eventcore.domain import errors
from eventcore.domain.identity import (
    GoogleCodeRefused,
    GoogleLoginUnavailable,
    MalformedIdentityToken,
    UntrustedIdentityToken,
)
from eventcore.http.errors import Problem, reason_and_message
from eventcore.http.openapi import TEXT, error_object

STATUS_OVERRIDES: tuple[tuple[type[errors.DomainError], int], ...] = (
    (MalformedIdentityToken, 400),
    (UntrustedIdentityToken, 401),
    (GoogleCodeRefused, 401),
    (GoogleLoginUnavailable, 503),
    # The seed has no 409: a duplicate or a state conflict is a bad request.
    (errors.Conflict, 400),
)

# The domain's names for the fields this API calls otherwise.
FIELD_NAMES = {
    "starts_at": "datetime",
    "title": "name",
    "kind": "type",
    "kind_must_be": "type",
    "search": "filtered_str",
}


def render(problem: Problem) -> Response:
    return reason_and_message(problem.status, problem.message, problem.headers)


# The JSON Schema of this API's error bodies: its OpenAPI document's Error component.
ERROR_BODY = error_object(error=TEXT, message=TEXT)
