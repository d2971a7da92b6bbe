"""/health/ready/ with Redis configured: a real PING and a pub/sub round trip, 503 when
either fails; the database alone without Redis."""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.realtime.redis_pubsub import PROBE_TIMEOUT, RedisNotifier
from eventcore.bootstrap import Core, build_core, memory_core
from eventcore.http.app import create_app
from eventcore.settings import Settings

pytestmark = pytest.mark.redis


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def core_on(redis_prefix: str) -> Iterator[Callable[[str], Core]]:
    """core_on(url) -> a memory core whose notifier and readiness checks use Redis at url."""
    notifiers: list[RedisNotifier] = []

    def make(url: str) -> Core:
        notifier = RedisNotifier(
            url, channel=f"{redis_prefix}:notices", clock=SystemClock(), ready_timeout=0.5
        )
        notifiers.append(notifier)
        return attrs.evolve(
            memory_core(),
            notifier=notifier,
            readiness={"redis": notifier.ping, "channels": lambda: notifier.check_round_trip(1)},
        )

    yield make
    for notifier in notifiers:
        notifier.close()


def test_with_redis_answering_every_check_is_healthy(
    core_on: Callable[[str], Core],
    redis_url: str,
) -> None:
    client = create_app(core_on(redis_url)).test_client()

    response = client.get("/health/ready/")

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "healthy"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "healthy",
        "redis": "healthy",
        "channels": "healthy",
    }
    assert body["total_latency_ms"] >= 0


def test_with_redis_down_readiness_is_503_naming_both_checks(
    core_on: Callable[[str], Core],
) -> None:
    client = create_app(core_on(f"redis://127.0.0.1:{unused_port()}/0")).test_client()

    response = client.get("/health/ready/")
    status = client.get("/health/status/").get_json()

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unhealthy"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "healthy",
        "redis": "unhealthy",
        "channels": "unhealthy",
    }
    assert status["cache"] == {"status": "unavailable", "backend": "redis"}


def test_without_redis_only_the_database_is_checked() -> None:
    client = create_app(memory_core()).test_client()

    body = client.get("/health/ready/").get_json()

    assert set(body["checks"]) == {"database"}
    assert client.get("/health/status/").get_json()["cache"] == {
        "status": "not_configured",
        "backend": "none",
    }


def test_a_redis_that_never_answers_fails_readiness_within_the_probe_timeouts(
    tmp_path: Path, redis_prefix: str
) -> None:
    # A port that takes connections and never says a word: the worst case for a probe.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings = Settings(
            secret_key=secrets.token_hex(32),
            database_url=f"sqlite:///{tmp_path / 'eventcore.sqlite3'}",
            redis_url=f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
            redis_prefix=redis_prefix,
        )
        core = build_core(settings)
        try:
            client = create_app(core).test_client()
            started = time.monotonic()
            response = client.get("/health/ready/")
            waited = time.monotonic() - started
        finally:
            core.close()

    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert (checks["redis"]["status"], checks["channels"]["status"]) == ("unhealthy", "unhealthy")
    # Two probes of PROBE_TIMEOUT each, with room for a slow machine.
    assert waited < 2 * PROBE_TIMEOUT + 1.5
