"""`GET /` lists the mounted APIs and their docs (HTML for browsers, JSON otherwise), and
`<prefix>/docs/` leads to each docs page."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.settings import Settings

MakeApp = Callable[[Core], Flask]
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def client(clock: FixedClock, make_app: MakeApp) -> FlaskClient:
    settings = Settings(secret_key=secrets.token_hex(32), rate_limit="off")
    return make_app(memory_core(clock=clock, settings=settings)).test_client()


def test_the_root_answers_json_listing_every_mounted_api(client: FlaskClient) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.get_json() == {
        "apis": [
            {
                "name": name,
                "title": title,
                "prefix": f"{root}/",
                "docs": f"http://localhost{root}/docs",
                "openapi": f"http://localhost{root}/openapi.json",
            }
            for name, title, root in [
                ("gatherhub", "GatherHub API", ""),
                ("eventify", "Eventify API", "/eventify"),
                ("community", "Community API", "/community"),
                ("ticketing", "Ticketing API", "/ticketing"),
                ("socialcalendar", "SocialCalendar API", "/socialcalendar"),
            ]
        ]
    }


def test_a_browser_gets_the_list_as_a_page_with_links_to_the_docs(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept": BROWSER_ACCEPT})

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for docs in ("/docs", "/eventify/docs", "/ticketing/docs"):
        assert f'href="http://localhost{docs}"' in page


def test_the_root_lists_only_what_is_mounted(clock: FixedClock, make_app: MakeApp) -> None:
    settings = Settings(secret_key=secrets.token_hex(32), surfaces={"ticketing": "/"})
    client = make_app(memory_core(clock=clock, settings=settings)).test_client()

    apis = client.get("/").get_json()["apis"]

    assert [(api["name"], api["prefix"]) for api in apis] == [("ticketing", "/")]


@pytest.mark.parametrize("docs", ["/docs", "/eventify/docs", "/ticketing/docs"])
def test_the_docs_page_is_reached_with_a_trailing_slash_too(client: FlaskClient, docs: str) -> None:
    response = client.get(f"{docs}/", follow_redirects=True)

    assert response.status_code == 200
    assert response.request.path == docs
    assert "swagger-ui" in response.get_data(as_text=True)
