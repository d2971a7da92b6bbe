"""A database out of reach is a 503 with Retry-After in each API's format, never a 500
and never the driver's text; a constraint the adapters do not know is a plain 500."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade
from eventcore.http.app import create_app
from eventcore.settings import Settings
from support.constants import PASSWORD
from support.cores import fast_sql_core

# Words of SQL, driver and connection text that must not reach a client.
LEAKS = ("psycopg", "sqlalchemy", "connection", "127.0.0.1", "port", "insert", "trigger", "sql")


def closed_port() -> int:
    """A local TCP port nothing listens on (bound and released again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def client_on(database_url: str, tmp_path: Path) -> Iterator[FlaskClient]:
    settings = Settings(
        database_url=database_url,
        secret_key=secrets.token_hex(32),
        rate_limit="off",
        login_rate_limit="off",
        instance_dir=tmp_path,
        media_dir=tmp_path / "media",
    )
    core = fast_sql_core(settings)
    try:
        yield create_app(core).test_client()
    finally:
        core.close()


@pytest.fixture
def no_database(tmp_path: Path) -> Iterator[FlaskClient]:
    """An app whose PostgreSQL is not there: its URL names a closed port."""
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/test?connect_timeout=2"
    yield from client_on(url, tmp_path)


REQUESTS: list[tuple[str, str, dict[str, Any] | None, Any]] = [
    # surface, method and path, JSON body, the body's error shape
    ("gatherhub", "POST /api/v1/auth/login/", {"username": "ada", "password": PASSWORD}, "error"),
    (
        "eventify",
        "POST /eventify/api/user/login/",
        {"username": "ada", "password": PASSWORD},
        "status",
    ),
    ("community", "GET /community/api/auth/@me", None, "error"),
    ("ticketing", "GET /ticketing/api/events", None, "error"),
]


@pytest.mark.parametrize(("surface", "route", "body", "key"), REQUESTS)
def test_a_request_that_cannot_reach_the_database_is_a_503_with_retry_after(
    no_database: FlaskClient, surface: str, route: str, body: dict[str, Any] | None, key: str
) -> None:
    method, path = route.split(" ")

    # A session cookie of the community API's shape, so its lookup reaches the database.
    no_database.set_cookie("community_session", secrets.token_urlsafe(32), path="/community")
    answer = no_database.open(path, method=method, json=body)

    assert answer.status_code == 503, answer.get_data(as_text=True)
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.mimetype == "application/json"
    payload = answer.get_json()
    assert key in payload
    text = answer.get_data(as_text=True).lower()
    assert "try again" in text
    assert not [word for word in LEAKS if word in text]


def test_the_gatherhub_503_is_in_its_error_envelope(no_database: FlaskClient) -> None:
    answer = no_database.post("/api/v1/auth/login/", json={"username": "a", "password": "b"})

    assert set(answer.get_json()) == {"error", "message", "details", "timestamp"}


@pytest.fixture
def unknown_constraint(sqlite_url: str, tmp_path: Path) -> Iterator[FlaskClient]:
    """A SQLite database with a rule the adapters know nothing of: new users are refused."""
    url = f"sqlite:///{tmp_path / 'guarded.sqlite3'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "CREATE TRIGGER refuse_users BEFORE INSERT ON users "
                    "BEGIN SELECT RAISE(ABORT, 'trigger refuse_users: INSERT INTO users'); END"
                )
            )
    finally:
        engine.dispose()
    yield from client_on(url, tmp_path)


def test_an_integrity_error_the_adapters_do_not_know_answers_no_sql_text(
    unknown_constraint: FlaskClient,
) -> None:
    answer = unknown_constraint.post(
        "/ticketing/api/users",
        json={"email": "ada@example.org", "password": PASSWORD, "name": "Ada"},
    )

    text = answer.get_data(as_text=True).lower()
    assert answer.status_code == 500
    assert answer.get_json() == {"error": "Something went wrong on our side"}
    assert not [word for word in LEAKS if word in text]
