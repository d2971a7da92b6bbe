"""Fixtures for the Eventify suite: the default app (every surface at its default
prefix) on a memory core, Eventify accounts made through the API, and events made
through GatherHub, the native API, as an Eventify back office would.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.events import Category
from eventcore.settings import Settings
from eventcore.usecases import categories
from support.constants import EVENTIFY_PASSWORD as PASSWORD

EVENTIFY = "/eventify/api"

JsonBody = dict[str, Any]
Call = Callable[..., TestResponse]


def eventify_settings(**overrides: Any) -> Settings:
    """Settings serving GatherHub (to make events) and Eventify only, at their default
    prefixes: every other mounted surface would add to each app's start-up time."""
    return Settings(
        secret_key=secrets.token_hex(32),
        surfaces={"gatherhub": "/", "eventify": "/eventify"},
        **overrides,
    )


@pytest.fixture
def eventify_core(clock: FixedClock) -> Callable[..., Core]:
    """A memory core on the test clock; keywords override the Settings."""

    def make(**overrides: Any) -> Core:
        return memory_core(clock=clock, settings=eventify_settings(**overrides))

    return make


@pytest.fixture
def core(eventify_core: Callable[..., Core]) -> Core:
    return eventify_core()


@pytest.fixture
def call(client: FlaskClient) -> Call:
    """POST a JSON body to an Eventify path: call("events/type-list/", creds, pincode=...)."""

    def post(path: str, credentials: JsonBody | None = None, **fields: Any) -> TestResponse:
        return client.post(f"{EVENTIFY}/{path}", json={**(credentials or {}), **fields})

    return post


@pytest.fixture
def sign_up(call: Call) -> Callable[..., JsonBody]:
    """Register through Eventify and log in; returns {"token", "username"} for bodies."""

    def register(email: str = "john.doe@example.com", phone: str = "+1234567890") -> JsonBody:
        registered = call("user/register/", email=email, phone_number=phone, password=PASSWORD)
        assert registered.status_code == 201, registered.get_json()
        logged_in = call("user/login/", username=email, password=PASSWORD)
        assert logged_in.status_code == 200, logged_in.get_json()
        body = logged_in.get_json()
        return {"token": body["token"], "username": body["username"]}

    return register


@pytest.fixture
def john(sign_up: Callable[..., JsonBody]) -> JsonBody:
    return sign_up()


@pytest.fixture
def add_category(core: Core) -> Callable[..., Category]:
    def add(name: str, icon: str | None = None) -> Category:
        return categories.create_category(core.uow(), name, icon)

    return add


@pytest.fixture
def assert_status_error() -> Callable[[TestResponse, int, str], None]:
    """The standard Eventify error: exactly {"status": "error", "message": message}."""

    def check(response: TestResponse, status: int, message: str) -> None:
        assert (response.status_code, response.get_json()) == (
            status,
            {"status": "error", "message": message},
        ), response.get_data(as_text=True)

    return check
