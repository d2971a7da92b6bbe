"""PostgreSQL restarted under load, against `eventcore serve --workers 2`: during the
outage clients get a clear 503 with Retry-After (never a 500, never a hang past the
client's 10 s timeout), readiness answers 503 and then 200 again, eventcore recovers
without a restart, and every write acknowledged with a 201 is there afterwards.

The cluster is the test's own (own_services.py), so restarting it disturbs nothing else.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from own_services import OwnPostgres, own_postgres

from live_server import Answer, call, eventcore_serve, run_cli

pytestmark = [pytest.mark.server, pytest.mark.postgres, pytest.mark.timeout(180)]

WRITERS = 4
OUTAGE_SECONDS = 3.0
CLIENT_TIMEOUT = 10.0


@pytest.fixture
def postgres() -> Iterator[OwnPostgres]:
    with own_postgres() as server:
        yield server


class Load:
    """Writers creating events and a reader polling readiness, until told to stop."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.token = token
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.acknowledged: list[int] = []
        self.without_retry_after = 0
        self.failures: list[str] = []
        self.readiness: list[int] = []
        self.threads = [threading.Thread(target=self._write, args=(n,)) for n in range(WRITERS)]
        self.threads.append(threading.Thread(target=self._poll_readiness))

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=CLIENT_TIMEOUT * 2)

    def last_readiness(self) -> int | None:
        with self.lock:
            return self.readiness[-1] if self.readiness else None

    def _write(self, writer: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            body = {"title": f"Writer {writer} event {n}", "date": "2030-06-01T18:00:00Z"}
            answer = self._call("POST", "/api/v1/events/", body)
            if answer is None:
                continue
            with self.lock:
                self.statuses[answer.status] += 1
                if answer.status == 201:
                    self.acknowledged.append(answer.body["id"])
                if answer.status == 503 and "Retry-After" not in answer.headers:
                    self.without_retry_after += 1

    def _poll_readiness(self) -> None:
        while not self.stop.is_set():
            answer = self._call("GET", "/health/ready/")
            if answer is not None:
                with self.lock:
                    if not self.readiness or self.readiness[-1] != answer.status:
                        self.readiness.append(answer.status)
            time.sleep(0.1)

    def _call(self, method: str, path: str, body: object = None) -> Answer | None:
        try:
            return call(self.base, method, path, body, token=self.token, timeout=CLIENT_TIMEOUT)
        except OSError as error:  # a refused connection or a timeout: the server failed us
            with self.lock:
                self.failures.append(f"{method} {path}: {error!r}")
            return None


def _wait_until(condition: Callable[[], bool], *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "eventcore did not recover"
        time.sleep(0.1)


def test_a_postgres_restart_under_load_is_503s_then_recovery_with_no_write_lost(
    postgres: OwnPostgres, tmp_path: Path
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "EVENTCORE_DATABASE_URL": postgres.url,
        "EVENTCORE_SECRET_KEY": secrets.token_hex(32),
        "EVENTCORE_INSTANCE_DIR": str(tmp_path),
        "EVENTCORE_RATE_LIMIT": "off",
        "EVENTCORE_LOGIN_RATE_LIMIT": "off",
        "EVENTCORE_SURFACES": "gatherhub=/",
    }
    run_cli(env, "db", "upgrade")
    with eventcore_serve(env, workers=2) as base:
        signed_up = call(
            base,
            "POST",
            "/api/v1/auth/register/",
            {"username": "writer", "email": "writer@example.org", "password": "correct-horse-1"},
        )
        assert signed_up.status == 201, signed_up.body
        with Load(base, signed_up.body["access"]) as load:
            time.sleep(2)
            postgres.stop()
            time.sleep(OUTAGE_SECONDS)
            postgres.start()
            _wait_until(lambda: load.last_readiness() == 200, seconds=15)
            acknowledged_before = len(load.acknowledged)
            time.sleep(2)
        after = call(base, "GET", "/health/ready/")

    assert load.failures == []
    assert set(load.statuses) <= {201, 503}, load.statuses
    assert load.statuses[503] > 0, "the outage was not seen"
    assert load.without_retry_after == 0
    assert load.readiness[0] == 200
    assert 503 in load.readiness
    assert load.readiness[-1] == 200
    assert after.status == 200
    assert len(load.acknowledged) > acknowledged_before, "no write went through after recovery"
    engine = sa.create_engine(postgres.url)
    try:
        with engine.connect() as connection:
            stored = set(connection.execute(sa.text("SELECT id FROM events")).scalars())
    finally:
        engine.dispose()
    assert set(load.acknowledged) <= stored
    print(
        f"statuses {dict(load.statuses)}, acknowledged {len(load.acknowledged)}, "
        f"all found; readiness {load.readiness}"
    )
