"""How `eventcore serve` sizes WebSocket capacity, keeps tokens out of its access log, and
runs its background jobs."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from gunicorn.config import Config

from eventcore.background import Periodic
from eventcore.server import RedactingLogger, websocket_slots


@pytest.mark.parametrize(("threads", "sockets"), [(64, 48), (16, 12), (8, 6), (4, 3)])
def test_a_worker_keeps_a_quarter_of_its_threads_for_http(threads: int, sockets: int) -> None:
    assert websocket_slots(threads) == sockets


def atoms_for(raw_uri: str) -> dict[str, Any]:
    logger = RedactingLogger(Config())
    path, _, query = raw_uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "QUERY_STRING": query,
    }
    response = SimpleNamespace(status="400 Bad Request", headers=[], sent=10)
    atoms: dict[str, Any] = logger.atoms(
        response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3)
    )
    return atoms


@pytest.mark.parametrize(
    ("uri", "logged"),
    [
        ("/ws/events/?token=eyJ.secret.sig", "/ws/events/?token=[redacted]"),
        ("/x/?page=2&token=abc&q=1", "/x/?page=2&token=[redacted]&q=1"),
        ("/api/v1/events/?search=token", "/api/v1/events/?search=token"),
    ],
)
def test_the_access_log_hides_tokens_in_query_strings(uri: str, logged: str) -> None:
    atoms = atoms_for(uri)

    assert atoms["r"] == f"GET {logged} HTTP/1.1"
    assert "secret" not in atoms["q"]
    assert "abc" not in atoms["q"]


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.mark.parametrize(
    ("listeners", "logged"),
    [
        ("", "Listening at: 127.0.0.1:8000, a socket per worker (41)"),
        ("http://127.0.0.1:8000", "Listening at: http://127.0.0.1:8000 (41)"),
    ],
)
def test_the_start_line_names_the_address_when_each_worker_has_its_socket(
    listeners: str, logged: str
) -> None:
    config = Config()
    config.set("bind", ["127.0.0.1:8000"])
    logger = RedactingLogger(config)
    lines = Lines()
    logger.error_log.addHandler(lines)
    try:
        logger.info("Listening at: %s (%s)", listeners, 41)
    finally:
        logger.error_log.removeHandler(lines)
    assert lines.lines == [logged]


def test_a_periodic_job_runs_again_after_it_fails(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []
    enough = threading.Event()

    def job() -> None:
        runs.append(len(runs))
        if len(runs) >= 3:
            enough.set()
        if len(runs) == 1:
            raise RuntimeError("the database is restarting")

    periodic = Periodic("test-job", 0.01, job).start()
    assert enough.wait(3)
    periodic.stop()
    count = len(runs)
    time.sleep(0.05)

    assert len(runs) == count
    assert "Background job test-job failed" in caplog.text
    assert caplog.records[0].levelno == logging.ERROR
