"""`eventcore` as a user runs it: the CLI commands and the production server, on SQLite
and PostgreSQL, with data that outlives a restart."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from live_server import EVENTCORE, call, eventcore_serve, fresh_database, run_cli

pytestmark = pytest.mark.server

_LISTENING = "0A"  # the TCP state /proc/net/tcp writes for a listening socket


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def environment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance")}
    with fresh_database(request.param, tmp_path) as url:
        yield {**env, "EVENTCORE_DATABASE_URL": url}


def test_an_event_created_through_the_api_survives_a_server_restart(
    environment: dict[str, str],
) -> None:
    run_cli(environment, "db", "upgrade")
    with eventcore_serve(environment) as base:
        signed_up = call(
            base,
            "POST",
            "/api/v1/auth/register/",
            {"username": "ada", "email": "ada@example.org", "password": "correct-horse"},
        )
        assert signed_up.status == 201
        created = call(
            base,
            "POST",
            "/api/v1/events/",
            {"title": "Picnic", "date": "2030-06-01T12:00:00Z", "max_participants": 3},
            token=signed_up.body["access"],
        )
        assert created.status == 201

    with eventcore_serve(environment) as base:
        logged_in = call(
            base, "POST", "/api/v1/auth/login/", {"username": "ada", "password": "correct-horse"}
        )
        assert logged_in.status == 200
        detail = call(
            base, "GET", f"/api/v1/events/{created.body['id']}/", token=logged_in.body["access"]
        )
    assert detail.status == 200
    assert detail.body["title"] == "Picnic"
    assert detail.body["date"] == "2030-06-01T12:00:00Z"
    assert [p["username"] for p in detail.body["participants"]] == ["ada"]


def test_readiness_reports_the_real_database(environment: dict[str, str]) -> None:
    run_cli(environment, "db", "upgrade")
    with eventcore_serve(environment) as base:
        ready = call(base, "GET", "/health/ready/")
    assert ready.status == 200
    assert ready.body["checks"]["database"]["status"] == "healthy"


def listening_sockets(port: int) -> int:
    """How many IPv4 sockets of this machine listen on `port`."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == _LISTENING and int(local.rsplit(":", 1)[1], 16) == port:
            count += 1
    return count


def test_each_worker_listens_on_a_socket_of_its_own(environment: dict[str, str]) -> None:
    # gunicorn's reuse_port: the kernel, not a race between the workers, spreads new
    # connections over them (benchmarks/worker_balance.py).
    run_cli(environment, "db", "upgrade")
    with eventcore_serve(environment, workers=3) as base:
        port = urlsplit(base).port
        assert port is not None
        # One worker answering does not mean all three have opened theirs yet.
        deadline = time.monotonic() + 10
        while listening_sockets(port) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert listening_sockets(port) == 3


def test_cli_creates_users_with_roles_and_categories(environment: dict[str, str]) -> None:
    run_cli(environment, "db", "upgrade")
    run_cli(environment, "db", "upgrade")  # a second upgrade is harmless
    admin_id = run_cli(
        environment,
        "users",
        "create",
        "--email",
        "root@example.org",
        "--password",
        "correct-horse",
        "--role",
        "admin",
    )
    category_id = run_cli(
        environment,
        "categories",
        "create",
        "--name",
        "Concert",
        "--icon",
        "https://example.org/concert.png",
    )
    assert admin_id.isdigit()
    assert category_id.isdigit()

    duplicate = subprocess.run(
        [EVENTCORE, "categories", "create", "--name", "concert"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert duplicate.returncode != 0
    assert "name" in duplicate.stderr

    with eventcore_serve(environment) as base:
        logged_in = call(
            base, "POST", "/api/v1/auth/login/", {"username": "root", "password": "correct-horse"}
        )
    assert logged_in.status == 200
    assert logged_in.body["user"]["username"] == "root"
