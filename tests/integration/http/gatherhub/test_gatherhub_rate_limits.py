"""Rate limits: EVENTCORE_RATE_LIMIT for every request, EVENTCORE_LOGIN_RATE_LIMIT for every
login and token endpoint, the seed's headers and 429 body, and one shared count in Redis."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from eventcore.bootstrap import memory_core
from eventcore.http.app import create_app
from eventcore.settings import Settings
from live_server import EVENTCORE, call, eventcore_serve, run_cli
from support.clocks import fixed_clock
from support.constants import PASSWORD

STAMP = "2027-05-01T12:00:00Z"
HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
MakeApp = Callable[..., Flask]


@pytest.fixture
def make_app() -> MakeApp:
    """make_app(rate_limit=..., login_rate_limit=..., **settings) -> a GatherHub app on a
    memory core whose clock stands at T0."""

    def make(**settings: Any) -> Flask:
        chosen = Settings(secret_key=secrets.token_hex(32), **settings)
        return create_app(memory_core(clock=fixed_clock(), settings=chosen))

    return make


def limit_headers(response: TestResponse) -> dict[str, str]:
    return {name: response.headers[name] for name in HEADERS if name in response.headers}


def assert_rate_limited(response: TestResponse, limit: int) -> dict[str, Any]:
    """The seed's 429: its headers, and its body in the GatherHub envelope."""
    assert response.status_code == 429, response.get_data(as_text=True)
    headers = limit_headers(response)
    assert headers["X-RateLimit-Limit"] == str(limit)
    assert headers["X-RateLimit-Remaining"] == "0"
    reset = int(headers["X-RateLimit-Reset"])
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 61
    body: dict[str, Any] = response.get_json()
    assert body == {
        "error": "rate_limit_exceeded",
        "message": body["message"],
        "details": {
            "limit": limit,
            "window": "1 minute",
            "reset_at": datetime.fromtimestamp(reset, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        "timestamp": STAMP,
    }
    said = re.fullmatch(r"Rate limit exceeded\. Try again in (\d+) seconds\.", body["message"])
    assert said is not None, body["message"]
    assert abs(int(said.group(1)) - wait) <= 1
    return body


def test_the_request_past_the_limit_gets_429_with_the_headers_and_the_seed_body(
    make_app: MakeApp,
) -> None:
    client = make_app(rate_limit="3/minute").test_client()

    allowed = [client.get("/api/v1/events/") for _ in range(3)]
    refused = client.get("/api/v1/events/")

    assert [response.status_code for response in allowed] == [401, 401, 401]
    assert [limit_headers(r)["X-RateLimit-Remaining"] for r in allowed] == ["2", "1", "0"]
    assert {limit_headers(r)["X-RateLimit-Limit"] for r in allowed} == {"3"}
    reset = int(limit_headers(allowed[0])["X-RateLimit-Reset"])
    assert time.time() < reset <= time.time() + 61
    assert all("Retry-After" not in r.headers for r in allowed)
    assert_rate_limited(refused, limit=3)


def test_every_path_of_the_api_spends_from_one_budget_per_client(make_app: MakeApp) -> None:
    client = make_app(rate_limit="4/minute", login_rate_limit="off").test_client()

    client.post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": PASSWORD},
    )
    client.get("/api/v1/events/")
    client.get("/api/v1/auth/profile/")
    client.get("/api/v1/events/1/")

    assert_rate_limited(client.get("/api/v1/events/"), limit=4)
    assert client.get("/api/v1/auth/profile/").status_code == 429
    another_address = client.get("/api/v1/events/", environ_overrides={"REMOTE_ADDR": "192.0.2.7"})
    assert another_address.status_code == 401
    assert limit_headers(another_address)["X-RateLimit-Remaining"] == "3"


def test_login_register_and_refresh_share_the_login_limit(make_app: MakeApp) -> None:
    client = make_app(rate_limit="100/minute", login_rate_limit="2/minute").test_client()

    registered = client.post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": PASSWORD},
    )
    logged_in = client.post("/api/v1/auth/login/", json={"username": "ada", "password": PASSWORD})
    refreshed = client.post(
        "/api/v1/auth/refresh/", json={"refresh": logged_in.get_json()["refresh"]}
    )

    assert (registered.status_code, logged_in.status_code) == (201, 200)
    assert limit_headers(registered)["X-RateLimit-Limit"] == "2"
    assert limit_headers(logged_in)["X-RateLimit-Remaining"] == "0"
    assert_rate_limited(refreshed, limit=2)
    assert_rate_limited(
        client.post("/api/v1/auth/login/", json={"username": "ada", "password": PASSWORD}), limit=2
    )
    # Endpoints that are not about logging in still have their own, wider budget.
    profile = client.get(
        "/api/v1/auth/profile/",
        headers={"Authorization": f"Bearer {logged_in.get_json()['access']}"},
    )
    assert profile.status_code == 200
    assert limit_headers(profile)["X-RateLimit-Limit"] == "100"


def test_failed_logins_count_too(make_app: MakeApp) -> None:
    client = make_app(login_rate_limit="2/minute").test_client()

    tries = [
        client.post("/api/v1/auth/login/", json={"username": "ada", "password": guess})
        for guess in ("one", "two", "three")
    ]

    assert [response.status_code for response in tries[:2]] == [400, 400]
    assert_rate_limited(tries[2], limit=2)


def test_health_probes_and_the_api_documents_are_not_limited(make_app: MakeApp) -> None:
    client = make_app(rate_limit="1/minute").test_client()

    free = [
        client.get(path)
        for path in (
            "/health/",
            "/health/ready/",
            "/health/live/",
            "/health/status/",
            "/health/",
            "/openapi.json",
            "/docs",
            "/openapi.json",
        )
    ]

    assert [response.status_code for response in free] == [200] * len(free)
    assert all(limit_headers(response) == {} for response in free)
    assert client.get("/api/v1/events/").status_code == 401
    assert client.get("/api/v1/events/").status_code == 429


def test_limits_switched_off_are_not_counted_or_announced(make_app: MakeApp) -> None:
    client = make_app(rate_limit="off", login_rate_limit="OFF").test_client()

    responses = [
        client.post("/api/v1/auth/login/", json={"username": "a", "password": "b"})
        for _ in range(30)
    ]

    assert {response.status_code for response in responses} == {400}
    assert all(limit_headers(response) == {} for response in responses)


def test_each_app_counts_on_its_own_without_redis(make_app: MakeApp) -> None:
    first, second = make_app(rate_limit="1/minute"), make_app(rate_limit="1/minute")

    assert first.test_client().get("/api/v1/events/").status_code == 401
    assert first.test_client().get("/api/v1/events/").status_code == 429
    assert second.test_client().get("/api/v1/events/").status_code == 401


def test_another_surface_answers_429_in_its_own_format(make_app: MakeApp) -> None:
    app = make_app(
        login_rate_limit="1/minute", surfaces={"gatherhub": "/", "eventify": "/eventify"}
    )
    client = app.test_client()

    client.post("/eventify/api/user/login/", json={"username": "ada", "password": "x"})
    refused = client.post("/eventify/api/user/login/", json={"username": "ada", "password": "x"})

    assert refused.status_code == 429
    assert refused.get_json() == {"status": "error", "message": refused.get_json()["message"]}
    assert refused.get_json()["message"].startswith("Rate limit exceeded. Try again in ")
    assert limit_headers(refused)["X-RateLimit-Limit"] == "1"
    # The login budget is one for all surfaces: GatherHub's login is spent as well.
    assert (
        client.post("/api/v1/auth/login/", json={"username": "a", "password": "b"}).status_code
        == 429
    )


@pytest.mark.redis
def test_with_redis_apps_share_one_count_under_the_configured_prefix(
    make_app: MakeApp,
    redis_url: str,
    redis_prefix: str,
) -> None:
    import redis

    settings = {"rate_limit": "3/minute", "redis_url": redis_url, "redis_prefix": redis_prefix}
    first, second = make_app(**settings), make_app(**settings)

    statuses = [
        app.test_client().get("/api/v1/events/").status_code
        for app in (first, second, first, second)
    ]

    assert statuses == [401, 401, 401, 429]
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.keys(f"{redis_prefix}:limits*"), "counters live under the prefix"
    finally:
        client.close()


@pytest.mark.redis
def test_with_redis_unreachable_requests_are_still_served_and_limited_per_process(
    make_app: MakeApp,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_app(rate_limit="2/minute", redis_url=f"redis://127.0.0.1:{port}/0").test_client()

    statuses = [client.get("/api/v1/events/").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]


@pytest.mark.server
@pytest.mark.redis
def test_two_servers_on_one_redis_share_one_count(
    tmp_path: Path,
    redis_url: str,
    redis_prefix: str,
) -> None:
    env = {
        **os.environ,
        "EVENTCORE_INSTANCE_DIR": str(tmp_path / "instance"),
        "EVENTCORE_DATABASE_URL": f"sqlite:///{tmp_path / 'eventcore.sqlite3'}",
        "EVENTCORE_REDIS_URL": redis_url,
        "EVENTCORE_REDIS_PREFIX": redis_prefix,
        "EVENTCORE_RATE_LIMIT": "4/minute",
    }
    run_cli(env, "db", "upgrade")
    with eventcore_serve(env) as first, eventcore_serve(env) as second:
        answers = [
            call(base, "GET", "/api/v1/events/") for base in (first, second, first, second, first)
        ]

    assert [answer.status for answer in answers] == [401, 401, 401, 401, 429]
    assert [answer.headers["X-RateLimit-Remaining"] for answer in answers[:4]] == [
        "3",
        "2",
        "1",
        "0",
    ]
    assert answers[4].body["error"] == "rate_limit_exceeded"
    assert answers[4].body["details"]["limit"] == 4


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EVENTCORE_RATE_LIMIT", "lots"),
        ("EVENTCORE_LOGIN_RATE_LIMIT", "10/fortnight"),
        ("EVENTCORE_LOGIN_RATE_LIMIT", "0/minute"),
    ],
)
def test_serve_refuses_a_rate_limit_it_cannot_read_and_names_the_variable(
    tmp_path: Path,
    variable: str,
    value: str,
) -> None:
    env = {**os.environ, "EVENTCORE_INSTANCE_DIR": str(tmp_path), variable: value}

    done = subprocess.run(
        [EVENTCORE, "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode != 0
    assert f"{variable}: {value!r}" in done.stderr
    assert "Traceback" not in done.stderr
