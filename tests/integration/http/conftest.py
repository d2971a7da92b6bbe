"""Fixtures for the HTTP suites: a GatherHub app on a memory core and a fixed clock.

A test's whole setup is `create_app(memory_core(clock=FixedClock(T0)))` and
`app.test_client()`; the fixtures below only add people and events through the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.adapters.memory.unit_of_work import MemoryUnitOfWork
from eventcore.bootstrap import memory_core
from eventcore.core import Core
from eventcore.http.app import create_app
from support.clocks import fixed_clock
from support.constants import PASSWORD, T0

TOMORROW_EVENING = "2027-05-02T18:00:00Z"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ENVELOPE_KEYS = {"error", "message", "details", "timestamp"}

JsonBody = dict[str, Any]
Headers = dict[str, str]


@pytest.fixture
def clock() -> FixedClock:
    return fixed_clock()


@pytest.fixture
def core(clock: FixedClock) -> Core:
    return memory_core(clock=clock)


@pytest.fixture
def make_app() -> Callable[[Core], Flask]:
    """create_app(core) for tests that build their own core."""

    def make(core: Core) -> Flask:
        return create_app(core)

    return make


@pytest.fixture
def app(core: Core) -> Flask:
    return create_app(core)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def store(core: Core) -> MemoryStore:
    """The memory tables behind the app, to check what was (not) written."""
    uow = core.uow()
    assert isinstance(uow, MemoryUnitOfWork)
    return uow.store


@pytest.fixture
def assert_error() -> Callable[..., JsonBody]:
    """Check a GatherHub error: the status, the {error, message, details, timestamp}
    envelope, and optionally the error code and the field named in `details`."""

    def check(
        response: TestResponse,
        status: int,
        *,
        code: str | None = None,
        field: str | None = None,
    ) -> JsonBody:
        assert response.status_code == status, response.get_data(as_text=True)
        body = response.get_json()
        assert isinstance(body, dict), response.get_data(as_text=True)
        assert set(body) == ENVELOPE_KEYS
        assert isinstance(body["error"], str)
        assert body["error"]
        assert isinstance(body["message"], str)
        assert body["message"]
        assert isinstance(body["details"], dict)
        assert TIMESTAMP.match(body["timestamp"]), body["timestamp"]
        if code is not None:
            assert body["error"] == code
        if field is not None:
            assert field in body["details"], body["details"]
            messages = body["details"][field]
            assert isinstance(messages, list)
            assert messages
            assert all(isinstance(message, str) and message for message in messages)
        return body

    return check


@pytest.fixture
def register(client: FlaskClient) -> Callable[..., JsonBody]:
    """Register `username` through the API; returns the 201 body (access, refresh, user)."""

    def sign_up(username: str, **fields: Any) -> JsonBody:
        body = {
            "username": username,
            "email": f"{username}@example.org",
            "password": PASSWORD,
            "first_name": username.capitalize(),
            "last_name": "Tester",
            **fields,
        }
        response = client.post("/api/v1/auth/register/", json=body)
        assert response.status_code == 201, response.get_data(as_text=True)
        signed_in: JsonBody = response.get_json()
        return signed_in

    return sign_up


def _bearer(signed_in: JsonBody) -> Headers:
    return {"Authorization": f"Bearer {signed_in['access']}"}


@pytest.fixture
def bearer() -> Callable[[JsonBody], Headers]:
    """The Authorization header for a register, login or refresh body's access token."""
    return _bearer


@pytest.fixture
def ada(register: Callable[..., JsonBody]) -> JsonBody:
    return register("ada")


@pytest.fixture
def bob(register: Callable[..., JsonBody]) -> JsonBody:
    return register("bob")


@pytest.fixture
def carol(register: Callable[..., JsonBody]) -> JsonBody:
    return register("carol")


@pytest.fixture
def as_ada(ada: JsonBody) -> Headers:
    return _bearer(ada)


@pytest.fixture
def as_bob(bob: JsonBody) -> Headers:
    return _bearer(bob)


@pytest.fixture
def as_carol(carol: JsonBody) -> Headers:
    return _bearer(carol)


@pytest.fixture
def event_fields() -> Callable[..., JsonBody]:
    """A valid create-event body for tomorrow evening; keywords override it."""

    def fields(**overrides: Any) -> JsonBody:
        return {
            "title": "Jazz night",
            "description": "Live music in the cellar",
            "date": TOMORROW_EVENING,
            "location": "The Blue Note",
            "max_participants": 50,
            **overrides,
        }

    return fields


@pytest.fixture
def create_event(
    client: FlaskClient, event_fields: Callable[..., JsonBody]
) -> Callable[..., JsonBody]:
    """Create an event as the holder of `headers`; returns the 201 body."""

    def create(headers: Headers, **overrides: Any) -> JsonBody:
        response = client.post("/api/v1/events/", headers=headers, json=event_fields(**overrides))
        assert response.status_code == 201, response.get_data(as_text=True)
        created: JsonBody = response.get_json()
        return created

    return create


@pytest.fixture
def password() -> str:
    """The password `register` gives everyone."""
    return PASSWORD


@pytest.fixture
def seed_time() -> Callable[..., str]:
    """T0 moved by timedelta keywords, written as the seed writes timestamps:
    seed_time() == "2027-05-01T12:00:00Z", seed_time(hours=-1) == "2027-05-01T11:00:00Z"."""

    def text(**delta: float) -> str:
        return (T0 + timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")

    return text
