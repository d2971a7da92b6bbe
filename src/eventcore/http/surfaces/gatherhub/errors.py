"""The GatherHub error envelope: {error, message, details, timestamp}."""

from __future__ import annotations

from flask import Response, jsonify

from eventcore.domain import errors
from eventcore.domain.voting import AlreadyVoted
from eventcore.http.context import now
from eventcore.http.errors import Problem
from eventcore.http.openapi import FIELD_MESSAGES, TEXT, error_object
from eventcore.timestamps import utc_z

# Where the GatherHub document asks for another status than the shared table.
STATUS_OVERRIDES: tuple[tuple[type[errors.DomainError], int], ...] = (
    (errors.InvalidCredentials, 400),  # "400 Bad Request: Invalid credentials"
    (errors.AlreadyParticipant, 400),  # join/leave: "400 Already a participant or event is full"
    (errors.EventFull, 400),
    (errors.NotParticipant, 400),
    # The waiting-list endpoints answer as join and leave do.
    (errors.AlreadyWaiting, 400),
    (errors.NotWaiting, 400),
    (errors.SeatsAvailable, 400),
    (AlreadyVoted, 400),  # cast: "400 Bad Request: Already voted or invalid options"
)

# The domain's names for the fields GatherHub calls otherwise.
FIELD_NAMES = {
    "starts_at": "date",
    "ends_at": "end_date",
    "capacity": "max_participants",
    "category_id": "category",
    "event_id": "event",
    "assignee_id": "assignee",
    "option_ids": "options",
    "hosted_here": "is_eventify_event",
    "external_url": "outside_event_url",
    "publication_state": "event_status",
    "publication_reason": "cancelled_reason",
}


def render(problem: Problem) -> Response:
    response = jsonify(
        {
            "error": problem.code,
            "message": problem.message,
            "details": dict(problem.details),
            "timestamp": utc_z(now()),
        }
    )
    response.status_code = problem.status
    if problem.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# The JSON Schema of this API's error bodies: its OpenAPI document's Error component.
ERROR_BODY = error_object(
    error=TEXT,
    message=TEXT,
    details=FIELD_MESSAGES,
    timestamp={"type": "string", "format": "date-time"},
)
