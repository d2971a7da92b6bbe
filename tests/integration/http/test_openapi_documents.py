"""Every mounted API's OpenAPI document is valid OpenAPI 3, and every operation in it
has a one-line summary."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.settings import Settings

MakeApp = Callable[[Core], Flask]
PREFIXES = ["", "/eventify", "/ticketing", "/community", "/socialcalendar"]
METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture
def client(clock: FixedClock, make_app: MakeApp) -> FlaskClient:
    settings = Settings(secret_key=secrets.token_hex(32), rate_limit="off")
    return make_app(memory_core(clock=clock, settings=settings)).test_client()


def _document(client: FlaskClient, prefix: str) -> dict[str, Any]:
    response = client.get(f"{prefix}/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    return document


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_document_passes_the_openapi_validator(client: FlaskClient, prefix: str) -> None:
    validate(_document(client, prefix))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_parameter_has_a_location_openapi_does_not_know(
    client: FlaskClient, prefix: str
) -> None:
    locations = {
        parameter["in"]
        for operations in _document(client, prefix)["paths"].values()
        for method, operation in operations.items()
        if method in METHODS
        for parameter in operation.get("parameters", [])
    }

    assert locations <= {"path", "query", "header", "cookie"}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_operation_has_a_one_line_summary(client: FlaskClient, prefix: str) -> None:
    missing = [
        f"{method.upper()} {path}"
        for path, operations in _document(client, prefix)["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
        and not (operation.get("summary", "").strip() and "\n" not in operation["summary"])
    ]

    assert missing == []


def test_the_avatar_upload_is_described_as_multipart(client: FlaskClient) -> None:
    operation = _document(client, "")["paths"]["/api/v1/auth/profile/"]["put"]

    content = operation["requestBody"]["content"]
    assert set(content) >= {"application/json", "multipart/form-data"}
    form = content["multipart/form-data"]["schema"]
    assert form["properties"]["avatar"] == {"type": "string", "format": "binary"}


def test_open_registration_on_ticketing_is_documented_as_needing_no_token(
    client: FlaskClient,
) -> None:
    operation = _document(client, "/ticketing")["paths"]["/ticketing/api/users"]["post"]

    # `{}`: the anonymous alternative; an admin's token may still be sent.
    assert operation["security"] == [{}, {"bearerAuth": []}]
