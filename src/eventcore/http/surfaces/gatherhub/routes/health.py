"""/health/: liveness, readiness with a real database check (and Redis and the real-time
channel when EVENTCORE_REDIS_URL is set), and a status dashboard. No rate limit applies:
probes come often, and from one load balancer address."""

from __future__ import annotations

import functools
import platform
import time
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from flask import current_app
from marshmallow import fields

from eventcore.http.context import core
from eventcore.http.fields import Timestamp
from eventcore.http.limits import not_rate_limited
from eventcore.http.schema import Schema
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.usecases.health import run_checks

blp = gatherhub_blueprint("health", "/health", "Health checks (no authentication)")


class HealthOut(Schema):
    status = fields.String()
    timestamp = Timestamp()
    version = fields.String()


class CheckOut(Schema):
    status = fields.String()
    latency_ms = fields.Float()


class ReadyOut(Schema):
    status = fields.String()
    timestamp = Timestamp()
    checks = fields.Dict(keys=fields.String(), values=fields.Nested(CheckOut))
    total_latency_ms = fields.Float()


class LiveOut(Schema):
    status = fields.String()
    timestamp = Timestamp()
    # The seed's key; true once the app has been built and can serve requests.
    django_ready = fields.Boolean()


class SystemOut(Schema):
    python_version = fields.String()
    platform = fields.String()
    environment = fields.String()
    django_version = fields.String(allow_none=True)
    flask_version = fields.String()
    eventcore_version = fields.String()


class DatabaseOut(Schema):
    status = fields.String()
    backend = fields.String()
    version = fields.String()
    table_count = fields.Integer()


class CacheOut(Schema):
    status = fields.String()
    backend = fields.String()


class StatusOut(Schema):
    status = fields.String()
    timestamp = Timestamp()
    uptime_check_ms = fields.Float()
    system = fields.Nested(SystemOut)
    database = fields.Nested(DatabaseOut)
    cache = fields.Nested(CacheOut)
    debug_mode = fields.Boolean()
    allowed_hosts = fields.List(fields.String())


@blp.route("/", methods=["GET"])
@blp.response(200, HealthOut)
@not_rate_limited
def health() -> dict[str, Any]:
    return {"status": "healthy", "timestamp": core().clock.now(), "version": _eventcore_version()}


@blp.route("/ready/", methods=["GET"])
@blp.response(200, ReadyOut)
@blp.alt_response(503, schema=ReadyOut, description="A backing service is down")
@not_rate_limited
def ready() -> tuple[dict[str, Any], int]:
    probes = {"database": core().database.describe, **core().readiness}
    checks = run_checks(probes, time.perf_counter)
    healthy = all(check.healthy for check in checks.values())
    body = {
        "status": "healthy" if healthy else "unhealthy",
        "timestamp": core().clock.now(),
        "checks": {
            name: {
                "status": "healthy" if check.healthy else "unhealthy",
                "latency_ms": check.latency_ms,
            }
            for name, check in checks.items()
        },
        "total_latency_ms": round(sum(check.latency_ms for check in checks.values()), 1),
    }
    return body, 200 if healthy else 503


@blp.route("/live/", methods=["GET"])
@blp.response(200, LiveOut)
@not_rate_limited
def live() -> dict[str, Any]:
    return {"status": "alive", "timestamp": core().clock.now(), "django_ready": True}


@blp.route("/status/", methods=["GET"])
@blp.response(200, StatusOut)
@not_rate_limited
def status() -> dict[str, Any]:
    started = time.perf_counter()
    c = core()
    database: dict[str, Any]
    try:
        info = c.database.describe()
        database = {
            "status": "connected",
            "backend": info.backend,
            "version": info.version,
            "table_count": info.table_count,
        }
    except Exception:
        database = {"status": "unavailable"}
    return {
        "status": "ok" if database["status"] == "connected" else "degraded",
        "timestamp": c.clock.now(),
        "uptime_check_ms": round((time.perf_counter() - started) * 1000, 1),
        "system": {
            "python_version": platform.python_version(),
            "platform": platform.system(),
            "environment": "development" if current_app.debug else "production",
            # The seed's back end reported its framework here; eventcore has none by that name.
            "django_version": None,
            "flask_version": version("flask"),
            "eventcore_version": version("eventcore"),
        },
        "database": database,
        "cache": _cache_status(c.readiness.get("redis")),
        "debug_mode": current_app.debug,
        # eventcore answers on any Host; restrict hosts in the proxy in front of it.
        "allowed_hosts": ["*"],
    }


def _cache_status(ping: Callable[[], object] | None) -> dict[str, str]:
    """Redis (rate-limit counters, real-time fan-out) on the dashboard: asked, not assumed."""
    if ping is None:
        return {"status": "not_configured", "backend": "none"}
    healthy = run_checks({"redis": ping}, time.perf_counter)["redis"].healthy
    return {"status": "working" if healthy else "unavailable", "backend": "redis"}


@functools.cache
def _eventcore_version() -> str:
    # Reading the installed distribution's metadata costs about 0.3 ms; it does not
    # change while the process runs.
    return version("eventcore")
