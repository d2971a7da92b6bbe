"""`eventcore` as a user runs it: the CLI commands and the production server, on SQLite
and PostgreSQL, with data that outlives a restart."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

pytestmark = pytest.mark.server

EVENTCORE = str(Path(sys.executable).with_name("eventcore"))
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def environment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance")}
    if request.param == "sqlite":
        env["EVENTCORE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'eventcore.sqlite3'}"
        yield env
        return
    schema = f"ec_serve_{secrets.token_hex(4)}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as db:
        db.execute(f'CREATE SCHEMA "{schema}"')
    env["EVENTCORE_DATABASE_URL"] = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    try:
        yield env
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test",
                             autocommit=True) as db:
            db.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([EVENTCORE, *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def server(env: dict[str, str], workers: int = 1) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [EVENTCORE, "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(base, "GET", "/health/live/")
                break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stderr.read().decode() if process.stderr else ""
                    raise AssertionError(f"server did not start: {output}") from error
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def call(base: str, method: str, path: str, body: dict[str, Any] | None = None,
         token: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_an_event_created_through_the_api_survives_a_server_restart(
    environment: dict[str, str],
) -> None:
    run_cli(environment, "db", "upgrade")
    with server(environment) as base:
        status, signed_up = call(base, "POST", "/api/v1/auth/register/", {
            "username": "ada", "email": "ada@example.org", "password": "correct-horse"})
        assert status == 201
        status, created = call(base, "POST", "/api/v1/events/", {
            "title": "Picnic", "date": "2030-06-01T12:00:00Z", "max_participants": 3},
            token=signed_up["access"])
        assert status == 201

    with server(environment) as base:
        status, logged_in = call(base, "POST", "/api/v1/auth/login/",
                                 {"username": "ada", "password": "correct-horse"})
        assert status == 200
        status, detail = call(base, "GET", f"/api/v1/events/{created['id']}/",
                              token=logged_in["access"])
        assert status == 200
        assert detail["title"] == "Picnic"
        assert detail["date"] == "2030-06-01T12:00:00Z"
        assert [p["username"] for p in detail["participants"]] == ["ada"]


def test_readiness_reports_the_real_database(environment: dict[str, str]) -> None:
    run_cli(environment, "db", "upgrade")
    with server(environment) as base:
        status, body = call(base, "GET", "/health/ready/")
    assert status == 200
    assert body["checks"]["database"]["status"] == "healthy"


def test_cli_creates_users_with_roles_and_categories(environment: dict[str, str]) -> None:
    run_cli(environment, "db", "upgrade")
    run_cli(environment, "db", "upgrade")  # a second upgrade is harmless
    admin_id = run_cli(environment, "users", "create", "--email", "root@example.org",
                       "--password", "correct-horse", "--role", "admin")
    category_id = run_cli(environment, "categories", "create", "--name", "Concert",
                          "--icon", "https://example.org/concert.png")
    assert admin_id.isdigit()
    assert category_id.isdigit()

    duplicate = subprocess.run(
        [EVENTCORE, "categories", "create", "--name", "concert"],
        env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert duplicate.returncode != 0
    assert "name" in duplicate.stderr

    with server(environment) as base:
        status, body = call(base, "POST", "/api/v1/auth/login/",
                            {"username": "root", "password": "correct-horse"})
    assert status == 200
    assert body["user"]["username"] == "root"
