"""Before anything is timed: every request kind answered alike by eventcore and by the
baseline, and the SQL statements each runs for it, both apps in this process.

Each kind is asked once of each app, after one request that warms both up (the first
token check reads the installation id); the statements are counted on that one
request through SQLAlchemy's `before_cursor_execute` on every Engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from baseline_app import create_baseline_app
from flask.testing import FlaskClient
from request_kinds import HEALTH, Kind, Request
from sqlalchemy import Engine, event

from eventcore.bootstrap import build_core
from eventcore.http import create_app
from eventcore.settings import Settings

EVENTCORE, BASELINE = "eventcore", "baseline"


@contextmanager
def both_apps(
    url: str, secret_key: str, health_body: bytes, workdir: Path
) -> Iterator[dict[str, FlaskClient]]:
    """Test clients of eventcore and of the baseline on `url`."""
    settings = Settings(
        database_url=url,
        secret_key=secret_key,
        instance_dir=workdir,
        media_dir=workdir / "media",
        rate_limit="off",
        login_rate_limit="off",
    )
    core = build_core(settings)
    try:
        yield {
            EVENTCORE: create_app(core=core).test_client(),
            BASELINE: create_baseline_app(url, secret_key, health_body).test_client(),
        }
    finally:
        core.close()


def check_and_count(
    kinds: Sequence[Kind], clients: dict[str, FlaskClient]
) -> dict[str, dict[str, int]]:
    """Statements per request of each kind, by app; stops the benchmark, naming the
    kind, when the two answer differently."""
    for client in clients.values():
        _ask(client, kinds[0].request)
    counted: dict[str, dict[str, int]] = {}
    for kind in kinds:
        bodies = {}
        for name, client in clients.items():
            statements, bodies[name] = _counted(client, kind.request)
            counted.setdefault(kind.name, {})[name] = statements
        _same_or_stop(kind, bodies[EVENTCORE], bodies[BASELINE])
    return counted


def _ask(client: FlaskClient, request: Request) -> Any:
    answer = client.open(
        request.path, method=request.method, data=request.data(), headers=request.all_headers()
    )
    if answer.status_code != 200:
        raise SystemExit(f"{request.method} {request.path} answered {answer.status_code}")
    return json.loads(answer.get_data())


def _counted(client: FlaskClient, request: Request) -> tuple[int, Any]:
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(Engine, "before_cursor_execute", count)
    try:
        body = _ask(client, request)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return statements, body


def _same_or_stop(kind: Kind, eventcore_body: Any, baseline_body: Any) -> None:
    if kind.name == HEALTH:
        # The baseline answers the bytes eventcore gave when it started: the same
        # but for the moment they name.
        eventcore_body = {**eventcore_body, "timestamp": None}
        baseline_body = {**baseline_body, "timestamp": None}
    if eventcore_body == baseline_body:
        return
    where = _first_difference(eventcore_body, baseline_body)
    raise SystemExit(
        f"The baseline does not answer {kind.name} ({kind.request.method} {kind.request.path}) "
        f"as eventcore does: they differ at {where}. Fix baseline_*.py before measuring."
    )


def _first_difference(left: Any, right: Any, where: str = "the top") -> str:
    """Where two JSON values first differ, as a path, with both values there."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in [*left, *(key for key in right if key not in left)]:
            if left.get(key) != right.get(key):
                return _first_difference(left.get(key), right.get(key), f"{where}/{key}")
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (one, other) in enumerate(zip(left, right, strict=True)):
            if one != other:
                return _first_difference(one, other, f"{where}/{index}")
    return f"{where} (eventcore: {json.dumps(left)[:200]}, baseline: {json.dumps(right)[:200]})"
