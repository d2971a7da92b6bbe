"""`eventcore serve` for a benchmark: on a database URL, limits off (a benchmark
measures the API, not the limiter), on a free port of 127.0.0.1, stopped at the end."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from attrs import frozen

from eventcore.server import THREADS_PER_WORKER

# The command scripts/install puts next to this Python.
EVENTCORE = str(Path(sys.executable).with_name("eventcore"))


@frozen
class Server:
    base: str
    # gunicorn's master; its children are the workers.
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def eventcore_server(
    url: str, workdir: Path, *, workers: int = 2, secret_key: str | None = None
) -> Iterator[Server]:
    """`eventcore serve --workers N` on `url`, once /health/live/ answers. Its log goes
    to `workdir`/server.log. `secret_key` signs its tokens (a random one by default;
    give one to check its tokens elsewhere too).

    The threads per worker are named on the command line: `serve --threads` has a
    default of its own, and a baseline served beside it must get the same count."""
    port = free_port()
    env = eventcore_environment(url, workdir, secret_key or secrets.token_hex(32))
    command = [EVENTCORE, "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--threads", str(THREADS_PER_WORKER)]
    log_file = workdir / "server.log"
    with serving("eventcore serve", command, env, port, "/health/live/", log_file) as server:
        yield server


def eventcore_environment(url: str, workdir: Path, secret_key: str) -> dict[str, str]:
    """The environment eventcore is served with in a benchmark: on `url`, limits off."""
    return {
        **os.environ,
        "EVENTCORE_DATABASE_URL": url,
        "EVENTCORE_SECRET_KEY": secret_key,
        "EVENTCORE_INSTANCE_DIR": str(workdir),
        "EVENTCORE_RATE_LIMIT": "off",
        "EVENTCORE_LOGIN_RATE_LIMIT": "off",
    }


@contextmanager
def serving(
    name: str,
    command: Sequence[str],
    env: Mapping[str, str],
    port: int,
    probe: str,
    log_file: Path,
) -> Iterator[Server]:
    """Run `command` (the server `name`, listening on `port`) until the block ends;
    yields once `probe` answers. Its stderr goes to `log_file`, its stdout (an access
    log) nowhere."""
    with log_file.open("w") as log:
        process = subprocess.Popen(command, env=dict(env), stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + probe, timeout=2).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"{name} did not start: see {log.name}") from None
                    time.sleep(0.1)
            yield Server(base, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)
