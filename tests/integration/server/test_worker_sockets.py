"""`eventcore serve` gives each worker a listening socket of its own (gunicorn's
`reuse_port`), so that the kernel, not a race between the workers, spreads new
connections over them (benchmarks/worker_balance.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from live_server import eventcore_serve, fresh_database, run_cli

pytestmark = pytest.mark.server

_LISTENING = "0A"  # the TCP state /proc/net/tcp writes for a listening socket


def listening_sockets(port: int) -> int:
    """How many IPv4 sockets of this machine listen on `port`."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == _LISTENING and int(local.rsplit(":", 1)[1], 16) == port:
            count += 1
    return count


def test_each_worker_listens_on_a_socket_of_its_own(tmp_path: Path) -> None:
    env = {**os.environ, "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance")}
    with fresh_database("sqlite", tmp_path) as url:
        env["EVENTCORE_DATABASE_URL"] = url
        run_cli(env, "db", "upgrade")
        with eventcore_serve(env, workers=3) as base:
            port = urlsplit(base).port
            assert port is not None
            # One worker answering does not mean all three have opened theirs yet.
            deadline = time.monotonic() + 10
            while listening_sockets(port) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert listening_sockets(port) == 3
