"""GatherHub /health/: basic, readiness, liveness and the status dashboard (seed 003)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib.metadata import version

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.ports.health import DatabaseInfo

MakeApp = Callable[[Core], Flask]


class _UnreachableDatabase:
    """A database probe for a database that does not answer."""

    def describe(self) -> DatabaseInfo:
        raise ConnectionError("connection refused")


@pytest.fixture
def client_without_database(clock: FixedClock, make_app: MakeApp) -> FlaskClient:
    core = attrs.evolve(memory_core(clock=clock), database=_UnreachableDatabase())
    return make_app(core).test_client()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_health_answers_healthy_with_the_time_and_version(
    client: FlaskClient, seed_time: Callable[..., str]
) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.get_json() == {
        "status": "healthy",
        "timestamp": seed_time(),
        "version": version("eventcore"),
    }


def test_health_needs_no_authentication_and_follows_the_clock(
    client: FlaskClient, clock: FixedClock, seed_time: Callable[..., str]
) -> None:
    clock.at = datetime.fromisoformat("2027-05-01T13:30:00+00:00")

    assert client.get("/health/").get_json()["timestamp"] == seed_time(minutes=90)


def test_readiness_answers_200_when_the_database_answers(
    client: FlaskClient, seed_time: Callable[..., str]
) -> None:
    response = client.get("/health/ready/")

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"status", "timestamp", "checks", "total_latency_ms"}
    assert body["status"] == "healthy"
    assert body["timestamp"] == seed_time()
    assert set(body["checks"]["database"]) == {"status", "latency_ms"}
    assert body["checks"]["database"]["status"] == "healthy"
    assert _is_number(body["checks"]["database"]["latency_ms"])
    assert body["checks"]["database"]["latency_ms"] >= 0
    assert _is_number(body["total_latency_ms"])


def test_readiness_answers_503_unhealthy_when_the_database_probe_fails(
    client_without_database: FlaskClient, seed_time: Callable[..., str]
) -> None:
    response = client_without_database.get("/health/ready/")

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unhealthy"
    assert body["timestamp"] == seed_time()
    assert body["checks"]["database"]["status"] == "unhealthy"
    assert _is_number(body["checks"]["database"]["latency_ms"])
    assert "connection refused" not in response.get_data(as_text=True)


def test_liveness_does_not_depend_on_the_database(
    client_without_database: FlaskClient, seed_time: Callable[..., str]
) -> None:
    basic = client_without_database.get("/health/")
    live = client_without_database.get("/health/live/")

    assert basic.status_code == 200
    assert live.status_code == 200
    assert live.get_json() == {"status": "alive", "timestamp": seed_time(), "django_ready": True}


def test_the_status_dashboard_reports_the_system_and_the_database(
    client: FlaskClient, seed_time: Callable[..., str]
) -> None:
    response = client.get("/health/status/")

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["timestamp"] == seed_time()
    assert _is_number(body["uptime_check_ms"])
    assert isinstance(body["system"]["python_version"], str)
    assert isinstance(body["system"]["platform"], str)
    assert body["database"]["status"] == "connected"
    assert isinstance(body["database"]["version"], str)
    assert isinstance(body["database"]["table_count"], int)
    assert set(body["cache"]) == {"status", "backend"}
    assert body["debug_mode"] is False


def test_the_status_dashboard_still_answers_when_the_database_is_down(
    client_without_database: FlaskClient,
) -> None:
    response = client_without_database.get("/health/status/")

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] != "ok"
    assert body["database"]["status"] != "connected"
    assert "connection refused" not in response.get_data(as_text=True)


def test_the_status_dashboard_carries_every_key_the_seed_documents(
    client: FlaskClient,
) -> None:
    body = client.get("/health/status/").get_json()

    assert {
        "status",
        "timestamp",
        "uptime_check_ms",
        "system",
        "database",
        "cache",
        "debug_mode",
        "allowed_hosts",
    } <= set(body)
    assert {"python_version", "platform", "django_version", "environment"} <= set(body["system"])
    assert {"status", "version", "table_count"} <= set(body["database"])
    assert isinstance(body["allowed_hosts"], list)


def test_health_endpoints_refuse_post_with_a_405_envelope(
    client: FlaskClient, assert_error: Callable[..., dict[str, object]]
) -> None:
    for path in ("/health/", "/health/ready/", "/health/live/", "/health/status/"):
        assert_error(client.post(path), 405)
