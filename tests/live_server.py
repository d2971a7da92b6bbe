"""Real servers for tests, on 127.0.0.1 and free ports, always stopped afterwards:
`eventcore serve` in a subprocess, or a Flask app on werkzeug's threaded server in
this process (enough for WebSockets, which the Flask test client cannot open).

Importable as `live_server`: pytest puts `tests/` on sys.path (pyproject.toml).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import psycopg
from flask import Flask
from werkzeug.serving import make_server

EVENTCORE = str(Path(sys.executable).with_name("eventcore"))
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """An EVENTCORE_DATABASE_URL for an empty database of its own: a file in `folder`
    ("sqlite"), or a schema of its own on the local PostgreSQL ("postgresql"), dropped
    afterwards. `eventcore db upgrade` creates the tables."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'eventcore.sqlite3'}"
        return
    schema = f"ec_serve_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as db:
        db.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        )
    finally:
        with psycopg.connect(POSTGRES_SERVER, autocommit=True) as db:
            db.execute(f'DROP SCHEMA "{schema}" CASCADE')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cli(
    env: Mapping[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`eventcore args` run to its end, whatever it exits with."""
    return subprocess.run(
        [EVENTCORE, *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_cli(env: Mapping[str, str], *args: str) -> str:
    done = cli(env, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused command printed, which it must have printed alone."""
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@contextlib.contextmanager
def eventcore_serve(
    env: Mapping[str, str],
    *,
    workers: int = 1,
    threads: int | None = None,
    access_log: Path | None = None,
) -> Iterator[str]:
    """`eventcore serve` with `env`; yields its base URL once /health/live/ answers.
    The access log (gunicorn's stdout) goes to `access_log` when given."""
    port = free_port()
    command = [EVENTCORE, "serve", "--port", str(port), "--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    stdout = access_log.open("w") if access_log else subprocess.DEVNULL
    # A file, not a pipe: nobody reads a pipe while the server runs, and once its
    # buffer is full a server logging many lines would block on it.
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(command, env=dict(env), stdout=stdout, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(base, "GET", "/health/live/")
                break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr.seek(0)
                    output = stderr.read().decode(errors="replace")
                    raise AssertionError(f"server did not start: {output}") from error
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        stderr.close()
        if access_log:
            stdout.close()  # type: ignore[union-attr]


@contextlib.contextmanager
def in_process(app: Flask) -> Iterator[str]:
    """`app` on werkzeug's threaded server in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll keeps shutdown() quick (the default waits up to half a second).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Answer:
    """An HTTP response: status, JSON body (or None) and headers."""

    def __init__(self, status: int, body: Any, headers: Mapping[str, str]) -> None:
        self.status = status
        self.body = body
        self.headers = dict(headers)


def call(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    timeout: float = 10,
) -> Answer:
    request = urllib.request.Request(
        base + path, method=method, data=None if body is None else json.dumps(body).encode()
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, json.loads(response.read() or b"null"), response.headers)
    except urllib.error.HTTPError as error:
        return Answer(error.code, json.loads(error.read() or b"null"), error.headers)
