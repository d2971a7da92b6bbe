"""The docs pages load everything from this server and send nothing to another host:
no remote validator, and not the Swagger UI bundle's own demo page."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.settings import Settings

MakeApp = Callable[[Core], Flask]
_LOADED = re.compile(r"""(?:src|href|url)\s*[:=]\s*["']([^"']+)["']""")


@pytest.fixture
def client(clock: FixedClock, make_app: MakeApp) -> FlaskClient:
    settings = Settings(secret_key=secrets.token_hex(32), rate_limit="off")
    return make_app(memory_core(clock=clock, settings=settings)).test_client()


@pytest.mark.parametrize("prefix", ["", "/eventify", "/ticketing", "/community", "/socialcalendar"])
def test_a_docs_page_loads_only_this_servers_files_and_turns_the_validator_off(
    client: FlaskClient, prefix: str
) -> None:
    page = client.get(f"{prefix}/docs").get_data(as_text=True)

    loaded = _LOADED.findall(page)
    assert f"{prefix}/openapi.json" in loaded
    assert all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded
    assert all(client.get(url).status_code == 200 for url in loaded)
    assert re.search(r'"validatorUrl": ?null', page)


@pytest.mark.parametrize("name", ["index.html", "swagger-initializer.js", "index.j2"])
def test_the_bundles_own_demo_page_is_not_served(client: FlaskClient, name: str) -> None:
    assert client.get(f"/_docs-assets/{name}").status_code == 404
