"""Eventify's OpenAPI document at /eventify/openapi.json, its docs page, and its mounting."""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask.testing import FlaskClient

from eventcore.bootstrap import memory_core
from eventcore.http.app import create_app
from eventcore.settings import Settings

DOCUMENTED = [
    "/api/user/register/",
    "/api/user/login/",
    "/api/user/status/",
    "/api/user/logout/",
    "/api/events/type-list/",
    "/api/events/pincode-events/",
    "/api/events/event-details/",
    "/api/events/event-images/",
    "/api/events/events-by-category/",
    "/api/events/events-by-month-year/",
    "/api/events/events-by-date/",
]
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def test_the_document_lists_every_seed_path_as_a_post_only(client: FlaskClient) -> None:
    response = client.get("/eventify/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    assert document["info"]["title"] == "Eventify API"
    methods = {
        path: {m for m in operations if m in HTTP_METHODS}
        for path, operations in document["paths"].items()
    }
    assert methods == {f"/eventify{path}": {"post"} for path in DOCUMENTED}


def test_the_document_describes_the_request_bodies(client: FlaskClient) -> None:
    document = client.get("/eventify/openapi.json").get_json()
    body = document["paths"]["/eventify/api/events/events-by-month-year/"]["post"]
    schema_ref = body["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
    assert set(schema["required"]) == {"token", "username", "month", "year"}


def test_the_docs_page_loads_nothing_from_elsewhere(client: FlaskClient) -> None:
    response = client.get("/eventify/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert not re.search(r'(src|href)="https?://', page)


def test_by_default_eventify_is_served_under_eventify() -> None:
    app = create_app(memory_core(settings=Settings(secret_key=secrets.token_hex(32))))
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert {f"/eventify{path}" for path in DOCUMENTED} <= rules


def test_eventify_alone_at_the_root_answers_at_exactly_the_seeds_paths() -> None:
    settings = Settings(secret_key=secrets.token_hex(32), surfaces={"eventify": "/"})
    client = create_app(memory_core(settings=settings)).test_client()
    registered = client.post(
        "/api/user/register/",
        json={
            "email": "user@example.com",
            "phone_number": "+1234567890",
            "password": "securepassword123",
        },
    )
    assert registered.status_code == 201
    missing = client.post("/api/nothing/", json={})
    assert (missing.status_code, missing.get_json()) == (
        404,
        {"status": "error", "message": "The requested URL was not found."},
    )
