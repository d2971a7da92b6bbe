"""Fixtures for the socialcalendar HTTP suite: the app (socialcalendar beside community
and GatherHub, to see its events from there) on memory, SQLite and PostgreSQL, with a
stand-in Google verifier, and three people signed in."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from socialcalendar_api import Person
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.identity import StaticGoogleVerifier
from eventcore.core import Core
from eventcore.settings import Settings


@pytest.fixture
def core(core_on_backend: Callable[..., Core], clock: FixedClock) -> Core:
    settings = Settings(
        secret_key=secrets.token_hex(32),
        rate_limit="off",
        login_rate_limit="off",
        surfaces={"socialcalendar": "/socialcalendar", "community": "/community", "gatherhub": "/"},
    )
    return core_on_backend(settings, clock=clock, google=StaticGoogleVerifier())


@pytest.fixture
def person(app: Flask, core: Core) -> Callable[..., Person]:
    def sign_in(name: str) -> Person:
        return Person(app, core, f"sub-{name}", f"{name.lower()}@example.org", name)

    return sign_in


@pytest.fixture
def ada(person: Callable[..., Person]) -> Person:
    return person("Ada")


@pytest.fixture
def bob(person: Callable[..., Person]) -> Person:
    return person("Bob")


@pytest.fixture
def eve(person: Callable[..., Person]) -> Person:
    return person("Eve")


@pytest.fixture
def refused() -> Callable[..., dict[str, Any]]:
    """Check a refusal: its status, the {error, message} body, and (when given) that
    the message names `field`."""

    def check(response: TestResponse, status: int, field: str | None = None) -> dict[str, Any]:
        assert response.status_code == status, response.get_data(as_text=True)
        body: dict[str, Any] = response.get_json()
        assert set(body) == {"error", "message"}, body
        if field is not None:
            assert field in body["message"], body
        return body

    return check
