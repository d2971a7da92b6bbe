"""Redis unreachable when `eventcore serve --workers 2` starts, then coming back: the
server starts and serves requests (rate limits count per process meanwhile),
readiness answers 503 naming the Redis checks, and once Redis is back readiness is
200 again, the real-time channel's subscription included, without a restart.
(docs/gatherhub-realtime-and-limits.md says what degrades.)"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from own_services import OwnRedis

from live_server import call, eventcore_serve, run_cli

pytestmark = [pytest.mark.server, pytest.mark.redis, pytest.mark.timeout(120)]


@pytest.fixture
def redis_server() -> Iterator[OwnRedis]:
    server = OwnRedis()
    yield server
    server.stop()


def test_the_server_starts_and_serves_without_redis_and_picks_it_up_again(
    redis_server: OwnRedis, tmp_path: Path
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "EVENTCORE_DATABASE_URL": f"sqlite:///{tmp_path / 'eventcore.sqlite3'}",
        "EVENTCORE_SECRET_KEY": secrets.token_hex(32),
        "EVENTCORE_INSTANCE_DIR": str(tmp_path),
        "EVENTCORE_REDIS_URL": redis_server.url,
        "EVENTCORE_SURFACES": "gatherhub=/",
    }
    run_cli(env, "db", "upgrade")
    with eventcore_serve(env, workers=2) as base:
        started = time.monotonic()
        ready = call(base, "GET", "/health/ready/")
        waited = time.monotonic() - started
        signed_up = call(
            base,
            "POST",
            "/api/v1/auth/register/",
            {"username": "ada", "email": "ada@example.org", "password": "correct-horse-1"},
        )
        listed = call(base, "GET", "/api/v1/events/", token=signed_up.body["access"])

        redis_server.start()
        deadline = time.monotonic() + 20
        while (again := call(base, "GET", "/health/ready/")).status != 200:
            assert time.monotonic() < deadline, again.body
            time.sleep(0.2)

    assert ready.status == 503
    assert ready.body["checks"]["database"]["status"] == "healthy"
    assert ready.body["checks"]["redis"]["status"] == "unhealthy"
    # Each probe gives up within 0.5 s, so readiness answers quickly even so.
    assert waited < 3
    assert signed_up.status == 201
    assert listed.status == 200
    assert all(check["status"] == "healthy" for check in again.body["checks"].values())
