"""What the command line says when something is wrong, and what it did when nothing
is: one line naming the variable, the database or the port, before any worker starts."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import EVENTCORE, call, cli, eventcore_serve, free_port, one_line_error, run_cli

pytestmark = pytest.mark.server

REGISTER = {"username": "ada", "email": "ada@example.org", "password": "correct-horse"}


def _clean_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("EVENTCORE_")}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty working directory, as a user who changed folder has."""
    place = tmp_path / "elsewhere"
    place.mkdir()
    return place


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **_clean_environment(),
        "EVENTCORE_DATABASE_URL": f"sqlite:///{tmp_path / 'eventcore.sqlite3'}",
        "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance"),
    }


USER = ("users", "create", "--email", "root@example.org", "--password", "correct-horse")
CATEGORY = ("categories", "create", "--name", "Concert")


@pytest.mark.parametrize("command", [USER, CATEGORY])
def test_a_command_run_where_there_is_no_database_creates_nothing_and_says_what_to_do(
    folder: Path, command: tuple[str, ...]
) -> None:
    line = one_line_error(cli(_clean_environment(), *command, cwd=folder))

    assert f"There is no database at {folder / 'eventcore.sqlite3'}" in line
    assert "run `eventcore db upgrade` first" in line
    assert list(folder.iterdir()) == []


def test_a_database_without_the_schema_says_run_db_upgrade_first(
    environment: dict[str, str], tmp_path: Path
) -> None:
    sqlite3.connect(tmp_path / "eventcore.sqlite3").close()

    line = one_line_error(cli(environment, *USER))

    assert "has no schema; run `eventcore db upgrade` first" in line


BAD_URLS = [
    "not a url",
    "mysql://root@127.0.0.1/db",
    "postgresql+psycopg://postgres:hunter2@127.0.0.1:1/test",
    "sqlite:////no/such/folder/eventcore.sqlite3",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_database_url_is_one_line_naming_the_variable(
    environment: dict[str, str], url: str
) -> None:
    done = cli({**environment, "EVENTCORE_DATABASE_URL": url}, "db", "upgrade")

    assert "EVENTCORE_DATABASE_URL" in one_line_error(done)
    assert "hunter2" not in done.stderr


@pytest.mark.parametrize("command", [USER, CATEGORY, ("serve",)], ids=" ".join)
@pytest.mark.parametrize("url", [BAD_URLS[0], BAD_URLS[2]])
def test_a_bad_database_url_is_one_line_for_every_command(
    environment: dict[str, str], command: tuple[str, ...], url: str
) -> None:
    if command == ("serve",):
        command = ("serve", "--port", str(free_port()))
    done = cli({**environment, "EVENTCORE_DATABASE_URL": url}, *command)

    assert "EVENTCORE_DATABASE_URL" in one_line_error(done)
    assert "hunter2" not in done.stderr


def test_db_upgrade_says_what_it_did(environment: dict[str, str], tmp_path: Path) -> None:
    first = run_cli(environment, "db", "upgrade")
    second = run_cli(environment, "db", "upgrade")

    database = tmp_path / "eventcore.sqlite3"
    assert first.startswith("Created the schema at revision ")
    assert first.endswith(f" in {database}.")
    assert second.startswith("Already up to date at revision ")


@pytest.mark.parametrize(
    ("surfaces", "said"),
    [
        ("nowhere=/x", "EVENTCORE_SURFACES: unknown surface 'nowhere'"),
        ("gatherhub=/,ticketing=/", "give the surfaces distinct prefixes in EVENTCORE_SURFACES"),
        ("gatherhub=api", "EVENTCORE_SURFACES: the prefix of gatherhub must start with '/'"),
    ],
)
def test_a_bad_surface_configuration_stops_serve_before_any_worker_starts(
    environment: dict[str, str], surfaces: str, said: str
) -> None:
    run_cli(environment, "db", "upgrade")

    done = cli({**environment, "EVENTCORE_SURFACES": surfaces}, "serve", "--port", str(free_port()))

    assert said in one_line_error(done)
    assert "Booting worker" not in done.stderr


def test_serve_on_a_database_without_the_schema_stops_before_any_worker_starts(
    environment: dict[str, str],
) -> None:
    done = cli(environment, "serve", "--port", str(free_port()))

    assert "run `eventcore db upgrade` first" in one_line_error(done)


def test_a_busy_port_is_named_with_the_option_that_chooses_another(
    environment: dict[str, str],
) -> None:
    run_cli(environment, "db", "upgrade")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        line = one_line_error(cli(environment, "serve", "--port", str(port)))

    assert f"Port {port} on 127.0.0.1 is in use" in line
    assert "--port" in line


@pytest.fixture
def serving(environment: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    run_cli(environment, "db", "upgrade")
    port = free_port()
    process = subprocess.Popen(
        [EVENTCORE, "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(base, "GET", "/health/live/")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_prints_each_mounted_api_with_its_prefix_and_docs(
    serving: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, process = serving
    process.terminate()
    _, said = process.communicate(timeout=30)

    assert f"Database: {tmp_path / 'eventcore.sqlite3'}" in said
    assert f"gatherhub  GatherHub API at {base}/  docs: {base}/docs" in said
    assert f"eventify   Eventify API at {base}/eventify/  docs: {base}/eventify/docs" in said
    assert f"ticketing  Ticketing API at {base}/ticketing/  docs: {base}/ticketing/docs" in said


def test_after_a_clean_stop_the_database_file_alone_holds_every_row(
    environment: dict[str, str], tmp_path: Path
) -> None:
    run_cli(environment, "db", "upgrade")
    with eventcore_serve(environment) as base:
        assert call(base, "POST", "/api/v1/auth/register/", REGISTER).status == 201

    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(tmp_path / "eventcore.sqlite3", copy)
    with sqlite3.connect(copy) as database:
        assert database.execute("SELECT count(*) FROM users").fetchone() == (1,)


def test_db_backup_copies_a_database_that_is_serving(
    environment: dict[str, str], tmp_path: Path
) -> None:
    run_cli(environment, "db", "upgrade")
    target = tmp_path / "backup.sqlite3"
    with eventcore_serve(environment) as base:
        assert call(base, "POST", "/api/v1/auth/register/", REGISTER).status == 201
        said = run_cli(environment, "db", "backup", str(target))

    assert said == f"Copied {tmp_path / 'eventcore.sqlite3'} to {target}."
    with sqlite3.connect(target) as database:
        assert database.execute("SELECT username FROM users").fetchall() == [("ada",)]
    assert "exists already" in one_line_error(cli(environment, "db", "backup", str(target)))


@pytest.mark.parametrize("icon", ["not a url", "javascript:alert(1)", "../etc/passwd", "ftp://x/y"])
def test_a_category_icon_must_be_a_url_or_a_media_key(
    environment: dict[str, str], icon: str
) -> None:
    run_cli(environment, "db", "upgrade")

    done = cli(environment, *CATEGORY, "--icon", icon)

    assert done.returncode != 0
    assert "Invalid value for '--icon'" in done.stderr
    assert run_cli(environment, *CATEGORY, "--icon", "icons/concert.png").isdigit()
