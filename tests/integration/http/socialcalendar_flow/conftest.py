"""Fixtures for the socialcalendar code-flow suite: the app's core on memory, SQLite
and PostgreSQL, with the real Google adapters pointed at a local stand-in for
Google's certificate, consent and token endpoints (support/google_standin.py)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from consent_browser import (
    CLIENT_ID,
    CLIENT_SECRET,
    SQL_ONLY,
    Browser,
    google_adapters,
    quiet,
)
from flask import Flask

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.http.app import create_app
from eventcore.settings import Settings
from support.cores import fast_sql_core
from support.google_standin import GoogleStandIn


@pytest.fixture(scope="session")
def google() -> Iterator[GoogleStandIn]:
    standin = GoogleStandIn(CLIENT_ID, client_secret=CLIENT_SECRET)
    standin.serve()
    yield standin
    standin.close()


@pytest.fixture(params=["memory", *SQL_ONLY])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sql_backend(backend: str) -> str:
    """The integration suite's SQL backend, taken from `backend` here, so `sql_core` and
    `sql_engine` follow it (and are never asked for on memory)."""
    return backend


@pytest.fixture
def core(
    backend: str, request: pytest.FixtureRequest, clock: FixedClock, google: GoogleStandIn
) -> Core:
    """The core on `backend`, its Google adapters the real ones, on the test's clock."""
    if backend == "memory":
        settings = quiet(Settings(secret_key=secrets.token_hex(32)))
        return memory_core(clock=clock, settings=settings, **google_adapters(google))
    sql_core: Core = request.getfixturevalue("sql_core")
    return attrs.evolve(
        sql_core, settings=quiet(sql_core.settings), clock=clock, **google_adapters(google)
    )


@pytest.fixture
def instance(
    core: Core, backend: str, clock: FixedClock, google: GoogleStandIn
) -> Iterator[Callable[..., Core]]:
    """instance(**settings) -> another core on `core`'s database, built as another
    worker or host builds its own (its own engine, notifier and Google adapters),
    with settings changed by the keywords; closed at the end. SQL only."""
    built: list[Core] = []

    def build(**changes: Any) -> Core:
        assert backend != "memory", "a memory core's database is no one else's"
        made = fast_sql_core(attrs.evolve(core.settings, **changes), clock=clock)
        built.append(made)
        return attrs.evolve(made, **google_adapters(google))

    yield build
    for made in built:
        made.close()


@pytest.fixture
def app(core: Core) -> Flask:
    return create_app(core)


@pytest.fixture
def browser(app: Flask) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def other_browser(app: Flask) -> Browser:
    return Browser(app.test_client())
