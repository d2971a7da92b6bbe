"""Real error bodies of each API match the error schema its OpenAPI document gives."""

from __future__ import annotations

import secrets
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import memory_core
from eventcore.http.app import create_app
from eventcore.settings import Settings
from support.clocks import fixed_clock


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    settings = Settings(secret_key=secrets.token_hex(32), rate_limit="off")
    return create_app(memory_core(clock=fixed_clock(), settings=settings)).test_client()


ERRORS: list[tuple[str, str, str, str, Any]] = [
    # API prefix, method, documented path, requested path, JSON body
    ("", "GET", "/api/v1/auth/profile/", "/api/v1/auth/profile/", None),
    ("", "POST", "/api/v1/auth/register/", "/api/v1/auth/register/", {"email": 1}),
    ("", "GET", "/api/v1/events/{event_id}/", "/api/v1/events/999/", None),
    ("/eventify", "POST", "/api/user/register/", "/api/user/register/", {}),
    ("/eventify", "POST", "/api/user/status/", "/api/user/status/", {"token": "x" * 40}),
    ("/eventify", "POST", "/api/events/type-list/", "/api/events/type-list/", []),
    ("/community", "GET", "/api/auth/@me", "/api/auth/@me", None),
    ("/community", "POST", "/api/auth", "/api/auth", {"token": 5}),
    ("/ticketing", "POST", "/api/users/login", "/api/users/login", {}),
    ("/ticketing", "GET", "/api/events/{event_id}", "/api/events/999", None),
    ("/ticketing", "POST", "/api/events", "/api/events", {}),
]


def documented_schema(document: dict[str, Any], path: str, method: str, status: int) -> Any:
    """The schema the document gives this operation's `status` body (else its default)."""
    responses = document["paths"][path][method.lower()]["responses"]
    response = responses.get(str(status), responses["default"])
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    content = response.get("content") or {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
    }
    return content["application/json"]["schema"]


@pytest.mark.parametrize(("prefix", "method", "path", "requested", "body"), ERRORS)
def test_a_real_error_body_matches_the_documented_schema(
    client: FlaskClient, prefix: str, method: str, path: str, requested: str, body: Any
) -> None:
    document = client.get(f"{prefix}/openapi.json").get_json()

    answer = client.open(f"{prefix}{requested}", method=method, json=body)

    assert 400 <= answer.status_code < 500, answer.get_data(as_text=True)
    schema = documented_schema(document, f"{prefix}{path}", method, answer.status_code)
    jsonschema.validate(answer.get_json(), {**schema, "components": document["components"]})


@pytest.mark.parametrize("prefix", ["", "/eventify", "/community", "/ticketing"])
def test_a_routing_error_matches_the_error_component(client: FlaskClient, prefix: str) -> None:
    document = client.get(f"{prefix}/openapi.json").get_json()
    error = {"$ref": "#/components/schemas/Error", "components": document["components"]}

    for answer in (client.get(f"{prefix}/no-such-path"), client.delete(f"{prefix}/openapi.json")):
        assert answer.status_code in {404, 405}
        jsonschema.validate(answer.get_json(), error)


@pytest.mark.parametrize("prefix", ["", "/eventify", "/community", "/ticketing"])
def test_the_error_component_refuses_a_body_of_another_api(
    client: FlaskClient, prefix: str
) -> None:
    document = client.get(f"{prefix}/openapi.json").get_json()
    error = {"$ref": "#/components/schemas/Error", "components": document["components"]}

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"code": 404, "status": "Not Found"}, error)
