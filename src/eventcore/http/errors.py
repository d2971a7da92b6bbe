"""Domain errors -> HTTP status, and the app-level fallback for routing errors.

Each surface renders errors in its own documented format; this module decides
only the status code (a surface may override a few) and, for requests that
matched no route, which surface's format to use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from attrs import field, frozen
from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import WebsocketMismatch

from eventcore.domain import errors

log = logging.getLogger(__name__)

STATUS_BY_ERROR: tuple[tuple[type[errors.DomainError], int], ...] = (
    # Most specific first: the first matching class decides.
    (errors.InvalidValue, 400),
    (errors.AccountDisabled, 401),
    (errors.Unauthenticated, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
)


# HTTP reasons as the Google-login APIs write them in {"error": <reason>, ...}.
REASONS: Mapping[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    426: "Upgrade Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def reason_and_message(status: int, message: str, headers: Mapping[str, str]) -> Response:
    """`{"error": <HTTP reason>, "message": message}` with `status` and `headers` (the
    body format community and socialcalendar share)."""
    response = jsonify({"error": REASONS.get(status, "Error"), "message": message})
    response.status_code = status
    for name, value in headers.items():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def status_for(
    error: errors.DomainError,
    overrides: tuple[tuple[type[errors.DomainError], int], ...] = (),
) -> int:
    for kind, status in (*overrides, *STATUS_BY_ERROR):
        if isinstance(error, kind):
            return status
    return 400


@frozen
class Problem:
    """One error, independent of how a surface writes it down."""

    status: int
    code: str
    message: str
    details: Mapping[str, Any]
    headers: Mapping[str, str] = field(factory=dict)

    @classmethod
    def from_domain(
        cls,
        error: errors.DomainError,
        status: int,
        field_names: Mapping[str, str],
        wording: Mapping[errors.Reason, str] | None = None,
    ) -> Problem:
        """`field_names` maps the domain's field names to the ones the client sent; a
        refused value is worded with them, and with `wording` where the surface words a
        reason in its own way."""
        if not error.field:
            return cls(status, error.code, error.message, {})
        field = field_names.get(error.field, error.field)
        message = error.message
        if isinstance(error, errors.InvalidValue):
            message = error.describe(field, wording)
        return cls(status, error.code, message, {field: [message]})

    @classmethod
    def from_http(cls, error: HTTPException) -> Problem:
        status = error.code or 500
        code = (error.name or "error").lower().replace(" ", "_")
        message = _HTTP_MESSAGES.get(status, error.description or error.name)
        return cls(status, code, message, {}, dict(error.get_headers()))


# How long a client is asked to wait when the database cannot be reached.
DATABASE_RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = Problem(
    503,
    "service_unavailable",
    "The service cannot reach its database right now; please try again shortly.",
    {},
    {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
)


def is_outage(error: DBAPIError | PoolTimeout) -> bool:
    """Whether `error` says the database is out of reach (refused, lost, busy or no free
    connection), rather than that a statement was wrong."""
    if isinstance(error, PoolTimeout):
        return True
    return isinstance(error, OperationalError) or error.connection_invalidated


_HTTP_MESSAGES = {
    404: "The requested URL was not found.",
    405: "This method is not allowed for this URL.",
    413: "The request is too large.",
    500: "Something went wrong on our side.",
}

Renderer = Callable[[Problem], Response]


def websocket_mismatch() -> Problem:
    """What a request to the wrong kind of route is told: a plain HTTP request to a
    WebSocket is a 426 naming the upgrade it needs (RFC 9110, 15.5.22); a WebSocket
    handshake to a plain HTTP route is a 400."""
    connection = {part.strip().lower() for part in request.headers.get("Connection", "").split(",")}
    if "upgrade" in connection and request.headers.get("Upgrade", "").lower() == "websocket":
        return Problem(
            400,
            "bad_request",
            f"{request.path} answers plain HTTP requests, not a WebSocket.",
            {},
        )
    return Problem(
        426,
        "upgrade_required",
        f"{request.path} is a WebSocket: open it with a WebSocket client "
        "(ws:// or wss://), not a plain HTTP request.",
        {},
        # Upgrade alone: WSGI leaves Connection to the server (gunicorn passes this on).
        {"Upgrade": "websocket"},
    )


def install_fallback(app: Flask, renderers: Mapping[str, Renderer]) -> Renderer:
    """Routing errors (404, 405, a WebSocket route asked over plain HTTP or the other way
    round) and crashes outside any view, in the format of the
    surface whose prefix the path starts with. Returns that renderer, for other
    app-wide errors (such as 429) to use."""

    def render(problem: Problem) -> Response:
        prefix = _longest_prefix(request.path, renderers)
        response = renderers[prefix](problem) if prefix is not None else _plain(problem)
        for name, value in problem.headers.items():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    def on_http_error(error: HTTPException) -> Response:
        return render(Problem.from_http(error))

    def on_websocket_mismatch(_error: WebsocketMismatch) -> Response:
        return render(websocket_mismatch())

    def on_crash(error: InternalServerError) -> Response:
        # The original exception is logged; its text never reaches the client.
        log.error(
            "Unhandled error on %s %s",
            request.method,
            request.path,
            exc_info=error.original_exception,
        )
        return render(Problem.from_http(InternalServerError()))

    def on_database_error(error: DBAPIError | PoolTimeout) -> Response:
        if not is_outage(error):
            # A statement the adapters did not expect to fail: a crash, told in no detail.
            return on_crash(InternalServerError(original_exception=error))
        # Only the kind of failure is logged: the driver's text may hold the URL.
        log.warning(
            "Database unreachable on %s %s: %s", request.method, request.path, type(error).__name__
        )
        return render(DATABASE_UNAVAILABLE)

    app.register_error_handler(HTTPException, on_http_error)
    app.register_error_handler(WebsocketMismatch, on_websocket_mismatch)
    app.register_error_handler(InternalServerError, on_crash)
    app.register_error_handler(DBAPIError, on_database_error)
    app.register_error_handler(PoolTimeout, on_database_error)
    return render


def _longest_prefix(path: str, renderers: Mapping[str, Renderer]) -> str | None:
    matching = [p for p in renderers if path == p or path.startswith(p.rstrip("/") + "/")]
    return max(matching, key=len, default=None)


def _plain(problem: Problem) -> Response:
    response = jsonify({"error": problem.code, "message": problem.message})
    response.status_code = problem.status
    return response


def attach_handlers(
    blueprint: Any,
    render: Renderer,
    overrides: tuple[tuple[type[errors.DomainError], int], ...] = (),
    field_names: Mapping[str, str] | None = None,
    wording: Mapping[errors.Reason, str] | None = None,
) -> None:
    """Render domain and request errors raised in `blueprint`'s views with `render`.

    Call it once, right after making the blueprint: Flask refuses new handlers
    on a blueprint that an app has already registered.
    """
    from eventcore.http.openapi import RequestInvalid

    def on_domain_error(error: errors.DomainError) -> Response:
        return render(
            Problem.from_domain(error, status_for(error, overrides), field_names or {}, wording)
        )

    def on_request_invalid(error: RequestInvalid) -> Response:
        fields = ", ".join(sorted(error.messages)) or "body"
        return render(Problem(400, "validation_error", f"Invalid input: {fields}.", error.messages))

    blueprint.register_error_handler(errors.DomainError, on_domain_error)
    blueprint.register_error_handler(RequestInvalid, on_request_invalid)
