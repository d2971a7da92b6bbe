"""Rate limits (EVENTCORE_RATE_LIMIT, EVENTCORE_LOGIN_RATE_LIMIT), with Flask-Limiter.

Every request of every surface counts against one budget per client address
(EVENTCORE_RATE_LIMIT). Views that log in, register or trade tokens are marked
with `login_endpoint`, whatever surface they belong to, and also count against
a second, smaller budget shared by all of them (EVENTCORE_LOGIN_RATE_LIMIT),
so guessing passwords on one surface leaves no extra tries on another.
Health probes and the API documents are exempt (`not_rate_limited`).

Counters live in Redis when EVENTCORE_REDIS_URL is set, so every worker and
host spends from the same budget; otherwise in the process's memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, Response, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded
from limits import RateLimitItem

from eventcore.http.errors import Problem, Renderer
from eventcore.settings import RATE_LIMIT_OFF, Settings
from eventcore.timestamps import utc_z

F = TypeVar("F", bound=Callable[..., Any])

LOGIN_MARK = "_eventcore_login_endpoint"
UNLIMITED_MARK = "_eventcore_not_rate_limited"
# flask-smorest's OpenAPI document and docs page, and their local assets.
_DOCS_BLUEPRINT_SUFFIX = "api-docs"
_DOCS_ENDPOINTS = {"docs_assets"}


def login_endpoint(view: F) -> F:
    """Mark `view` as a login, registration or token endpoint."""
    setattr(view, LOGIN_MARK, True)
    return view


def is_login_endpoint(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, LOGIN_MARK, False))


def not_rate_limited(view: F) -> F:
    """Mark `view` as exempt from every rate limit (health probes)."""
    setattr(view, UNLIMITED_MARK, True)
    return view


def install_rate_limits(app: Flask, settings: Settings, render: Renderer) -> Limiter | None:
    """Give `app` its own Limiter (none when both limits are "off").

    Call it once the surfaces are mounted: it reads the marks on their views.
    A 429 is rendered by `render`, so each surface answers in its own format.
    """
    login_routes = _marked_routes(app, LOGIN_MARK)
    exempt = {endpoint for endpoint, _ in _marked_routes(app, UNLIMITED_MARK)} | {
        endpoint for endpoint in app.view_functions if _is_docs(endpoint)
    }
    limits: list[str | Callable[[], str] | ApplicationLimit] = []
    if _enabled(settings.login_rate_limit) and login_routes:
        limits.append(
            ApplicationLimit(
                limit_provider=settings.login_rate_limit,
                scope="login",
                exempt_when=lambda: (request.endpoint, request.method) not in login_routes,
            )
        )
    if _enabled(settings.rate_limit):
        limits.append(ApplicationLimit(limit_provider=settings.rate_limit, scope="all"))
    if not limits:
        return None

    # Flask runs after_request functions last-registered first: registered before
    # the limiter's own, this one sees the headers the limiter added.
    app.after_request(_retry_after_only_on_429)
    limiter = Limiter(
        _client_address,
        application_limits=limits,
        headers_enabled=True,
        strategy="fixed-window",
        # While Redis is down each process counts on its own rather than failing requests.
        in_memory_fallback_enabled=True,
        **_storage(settings),
    )
    limiter.request_filter(lambda: request.endpoint in exempt)
    limiter.init_app(app)

    def on_limit_exceeded(error: RateLimitExceeded) -> Response:
        breached = limiter.current_limit
        item = breached.limit if breached is not None else error.limit.limit
        now = time.time()
        reset = breached.reset_at if breached is not None else int(now) + item.get_expiry()
        return render(exceeded(item, reset, now))

    app.register_error_handler(RateLimitExceeded, on_limit_exceeded)
    return limiter


def exceeded(item: RateLimitItem, reset_at: float, now: float) -> Problem:
    """The 429 problem: how many requests the window allows, and when it starts over."""
    wait = max(1, int(reset_at - now))
    return Problem(
        429,
        "rate_limit_exceeded",
        # The seed's sentence, kept word for word (also for N = 1) for clients that parse it.
        f"Rate limit exceeded. Try again in {wait} seconds.",
        {
            "limit": item.amount,
            "window": window_text(item),
            "reset_at": utc_z(datetime.fromtimestamp(reset_at, UTC)),
        },
    )


def window_text(item: RateLimitItem) -> str:
    """ "1 minute", "5 minutes", "1 second"."""
    unit = item.GRANULARITY.name
    return f"{item.multiples} {unit}{'' if item.multiples == 1 else 's'}"


def _enabled(limit: str) -> bool:
    return limit.strip().lower() != RATE_LIMIT_OFF


def _client_address() -> str:
    # Behind a reverse proxy this is the proxy's address unless the deployment
    # wraps the app in werkzeug's ProxyFix (see docs/gatherhub-realtime-and-limits.md).
    return request.remote_addr or "unknown"


def _storage(settings: Settings) -> dict[str, Any]:
    if not settings.redis_url:
        return {"storage_uri": "memory://"}
    # Imported only where the counters live in Redis: a worker without it is 6 MB smaller.
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    url = settings.redis_url
    if url.startswith("unix://"):
        url = "redis+" + url  # the spelling `limits` expects for a Unix socket
    return {
        "storage_uri": url,
        "storage_options": {
            "key_prefix": f"{settings.redis_prefix}:limits",
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            # One quick retry (a pooled connection gone stale across a Redis
            # restart), then the in-memory fallback, not seconds of backoff.
            "retry": Retry(ExponentialBackoff(cap=0.2, base=0.05), retries=1),
        },
    }


def _marked_routes(app: Flask, mark: str) -> set[tuple[str, str]]:
    """(endpoint, method) of every route whose view carries `mark`, for plain view
    functions and for MethodView methods alike."""
    marked: set[tuple[str, str]] = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is None:
            continue
        view_class = getattr(view, "view_class", None)
        # A CORS preflight (OPTIONS) spends nothing from the login budget.
        for method in (rule.methods or set()) - {"OPTIONS"}:
            handler = getattr(view_class, method.lower(), None) if view_class else view
            if handler is not None and getattr(handler, mark, False):
                marked.add((rule.endpoint, method))
    return marked


def _is_docs(endpoint: str) -> bool:
    blueprint, _, _ = endpoint.rpartition(".")
    return endpoint in _DOCS_ENDPOINTS or blueprint.endswith(_DOCS_BLUEPRINT_SUFFIX)


def _retry_after_only_on_429(response: Response) -> Response:
    # Flask-Limiter adds Retry-After to every limited response; on a success it
    # would tell clients to wait for nothing. A 503 keeps the Retry-After it was given.
    if response.status_code not in {429, 503}:
        response.headers.pop("Retry-After", None)
    return response
