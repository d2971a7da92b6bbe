"""Real time as deployed: `eventcore serve --workers 2` with the real Redis, on SQLite and
PostgreSQL. Whichever worker handles a change, every socket on every worker hears it."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from live_server import call, eventcore_serve, fresh_database, run_cli
from support.constants import PASSWORD

pytestmark = [pytest.mark.server, pytest.mark.redis]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def environment(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    redis_url: str,
    redis_run_prefix: str,
) -> Iterator[dict[str, str]]:
    """EVENTCORE_* for a migrated database of this module's own, Redis under a prefix of
    its own, and no login limit (the tests sign many people up from one address)."""
    folder = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "EVENTCORE_INSTANCE_DIR": str(folder / "instance"),
        "EVENTCORE_REDIS_URL": redis_url,
        "EVENTCORE_REDIS_PREFIX": f"{redis_run_prefix}-serve-{secrets.token_hex(3)}",
        "EVENTCORE_LOGIN_RATE_LIMIT": "off",
    }
    with fresh_database(request.param, folder) as url:
        env["EVENTCORE_DATABASE_URL"] = url
        run_cli(env, "db", "upgrade")
        yield env


@pytest.fixture(scope="module")
def base(environment: dict[str, str]) -> Iterator[str]:
    with eventcore_serve(environment, workers=2) as url:
        yield url


def sign_up(base: str, username: str) -> dict[str, Any]:
    name = f"{username}{secrets.token_hex(3)}"
    answer = call(
        base,
        "POST",
        "/api/v1/auth/register/",
        {"username": name, "email": f"{name}@example.org", "password": PASSWORD},
    )
    assert answer.status == 201, answer.body
    body: dict[str, Any] = answer.body
    return body


def create_event(base: str, who: dict[str, Any], **fields: Any) -> dict[str, Any]:
    answer = call(
        base,
        "POST",
        "/api/v1/events/",
        {"title": "Picnic", "date": "2030-06-01T12:00:00Z", **fields},
        token=who["access"],
    )
    assert answer.status == 201, answer.body
    body: dict[str, Any] = answer.body
    return body


def test_every_client_hears_an_event_created_through_any_worker_within_a_second(
    base: str,
    open_socket: Any,
) -> None:
    people = [sign_up(base, name) for name in ("ada", "bob", "carol", "dan", "eve", "fay")]
    sockets = [open_socket(base, person["access"]) for person in people]
    for socket in sockets:
        assert socket.next()["type"] == "connection_established"

    slowest = 0.0
    for round_number in range(4):  # several requests, so both workers create some
        started = time.monotonic()
        created = create_event(base, people[round_number], title=f"Picnic {round_number}")
        for socket in sockets:
            message = socket.next(timeout=1)
            assert message["type"] == "event_created"
            assert message["data"] == {
                "id": created["id"],
                "title": f"Picnic {round_number}",
                "current_participants": 1,
            }
        slowest = max(slowest, time.monotonic() - started)
    assert slowest < 1


def test_a_client_not_allowed_to_see_a_private_event_does_not_hear_of_it(
    base: str,
    open_socket: Any,
) -> None:
    ada, bob = sign_up(base, "ada"), sign_up(base, "bob")
    ada_socket, bob_socket = open_socket(base, ada["access"]), open_socket(base, bob["access"])
    ada_socket.next_of("connection_established")
    bob_socket.next_of("connection_established")

    private = create_event(base, ada, title="Surprise", is_private=True)
    public = create_event(base, ada, title="Open day")

    assert [ada_socket.next(timeout=1)["data"]["id"] for _ in range(2)] == [
        private["id"],
        public["id"],
    ]
    assert bob_socket.next(timeout=1)["data"]["id"] == public["id"]
    assert bob_socket.silent_for(0.3) == []


def test_a_bad_token_is_refused(base: str, open_socket: Any) -> None:
    ada = sign_up(base, "ada")

    assert open_socket(base, "forged").close_reason() == (4401, "Invalid or expired token.")
    assert open_socket(base, ada["refresh"]).close_reason() == (4401, "Invalid or expired token.")
    assert open_socket(base, None).close_reason() == (
        4401,
        "Authentication credentials were not provided.",
    )


def test_clients_of_another_server_on_the_same_redis_hear_it_too(
    base: str,
    environment: dict[str, str],
    open_socket: Any,
) -> None:
    with eventcore_serve(environment, workers=1) as other:
        ada, bob = sign_up(base, "ada"), sign_up(other, "bob")
        here, there = open_socket(base, ada["access"]), open_socket(other, bob["access"])
        here.next_of("connection_established")
        there.next_of("connection_established")

        created = create_event(other, bob, title="Across")

        assert here.next(timeout=1)["data"]["id"] == created["id"]
        assert there.next(timeout=1)["data"]["id"] == created["id"]
        there.close()


def test_readiness_checks_the_database_redis_and_the_real_time_channel(base: str) -> None:
    answer = call(base, "GET", "/health/ready/")

    assert answer.status == 200, answer.body
    assert answer.body["status"] == "healthy"
    assert set(answer.body["checks"]) == {"database", "redis", "channels"}
    assert {check["status"] for check in answer.body["checks"].values()} == {"healthy"}


@pytest.fixture
def sqlite_environment(tmp_path: Path) -> dict[str, str]:
    """A migrated SQLite database of the test's own, without Redis."""
    environment = {
        **os.environ,
        "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance"),
        "EVENTCORE_DATABASE_URL": f"sqlite:///{tmp_path / 'eventcore.sqlite3'}",
    }
    run_cli(environment, "db", "upgrade")
    return environment


def test_sockets_close_with_1001_when_the_server_stops_and_do_not_hold_it_up(
    sqlite_environment: dict[str, str],
    open_socket: Any,
) -> None:
    with eventcore_serve(sqlite_environment, workers=2) as base:
        ada = sign_up(base, "ada")
        sockets = [open_socket(base, ada["access"]) for _ in range(3)]
        for socket in sockets:
            socket.next_of("connection_established")
        started = time.monotonic()
    stopped_after = time.monotonic() - started

    assert [socket.close_reason(timeout=0.1) for socket in sockets] == [
        (1001, "Server restarting; reconnect.")
    ] * 3
    assert stopped_after < 5


def test_the_access_log_does_not_show_the_tokens_of_sockets(
    sqlite_environment: dict[str, str],
    tmp_path: Path,
    open_socket: Any,
) -> None:
    log = tmp_path / "access.log"
    with eventcore_serve(sqlite_environment, access_log=log) as base:
        ada = sign_up(base, "ada")
        socket = open_socket(base, ada["access"])
        socket.next_of("connection_established")
        socket.close()
        # A plain request (no upgrade) to the socket's URL is logged like any other.
        assert call(base, "GET", f"/ws/events/?token={ada['access']}").status == 426

    text = log.read_text()
    assert '"GET /ws/events/?token=[redacted] HTTP/1.1" 426' in text
    assert ada["access"] not in text
