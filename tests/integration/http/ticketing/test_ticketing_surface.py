"""The ticketing surface as a whole: its OpenAPI document, its prefix, its error format for
unknown routes, the login rate limit, and no password or hash in any answer."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from ticketing_api import API, PASSWORD, Headers, JsonBody

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.users import User
from eventcore.http.app import create_app
from eventcore.settings import Settings


def _app(clock: FixedClock, **settings: Any) -> FlaskClient:
    core = memory_core(clock=clock, settings=Settings(secret_key=secrets.token_hex(32), **settings))
    return create_app(core).test_client()


def test_the_openapi_document_lists_every_documented_path(client: FlaskClient) -> None:
    document = client.get("/ticketing/openapi.json").get_json()
    assert document["info"]["title"] == "Ticketing API"
    assert {
        path: sorted(set(item) - {"parameters"}) for path, item in document["paths"].items()
    } == {
        "/ticketing/api/users/login": ["post"],
        "/ticketing/api/users": ["get", "post"],
        "/ticketing/api/users/{user_id}": ["delete", "get", "patch"],
        "/ticketing/api/events": ["get", "post"],
        "/ticketing/api/events/{event_id}": ["delete", "get", "patch"],
        "/ticketing/api/events/{event_id}/attendees": ["get"],
        "/ticketing/api/events/{event_id}/attendances": ["delete", "patch", "post"],
        "/ticketing/api/users/{user_id}/attendances": ["get"],
    }
    assert "bearerAuth" in document["components"]["securitySchemes"]
    assert "password" not in document["components"]["schemas"]["UserOut"]["properties"]
    assert client.get("/ticketing/docs").status_code == 200


def test_ticketing_alone_is_served_at_its_documented_paths(clock: FixedClock) -> None:
    client = _app(clock, surfaces={"ticketing": "/"})
    assert client.get("/api/events").get_json() == {"events": []}
    assert client.post("/api/users/login", json={}).get_json() == {
        "error": "Email and password are required"
    }
    assert client.get("/ticketing/api/events").status_code == 404


def test_unknown_routes_and_methods_answer_in_this_apis_format(client: FlaskClient) -> None:
    missing = client.get(f"{API}/tickets")
    wrong_method = client.put(f"{API}/events")
    assert (missing.status_code, missing.get_json()) == (
        404,
        {"error": "The requested URL was not found"},
    )
    assert (wrong_method.status_code, wrong_method.get_json()) == (
        405,
        {"error": "This method is not allowed for this URL"},
    )
    assert "GET" in wrong_method.headers["Allow"]


def test_a_body_that_is_not_json_or_not_an_object_is_a_400(
    client: FlaskClient, as_user: Headers
) -> None:
    not_json = client.post(
        f"{API}/users/login", data="{oops", headers={"Content-Type": "application/json"}
    )
    a_list = client.post(f"{API}/users", json=["email"])
    assert (not_json.status_code, not_json.get_json()) == (
        400,
        {"error": "Bad Request: The request body is not valid JSON"},
    )
    assert (a_list.status_code, a_list.get_json()) == (
        400,
        {"error": "Bad Request: The request body must be a JSON object"},
    )


def test_login_and_registration_spend_the_login_rate_limit(clock: FixedClock) -> None:
    client = _app(clock, login_rate_limit="2/minute")
    answers = [
        client.post(f"{API}/users/login", json={"email": "a@example.org", "password": PASSWORD}),
        client.post(f"{API}/users", json={"email": "b@example.org", "password": PASSWORD}),
        client.post(f"{API}/users/login", json={"email": "b@example.org", "password": PASSWORD}),
    ]
    assert [a.status_code for a in answers] == [404, 201, 429]
    assert set(answers[-1].get_json()) == {"error"}
    assert answers[-1].get_json()["error"].startswith("Rate limit exceeded.")
    assert client.get(f"{API}/events").status_code == 200


def test_no_answer_ever_carries_a_password_or_a_hash(
    client: FlaskClient,
    core: Core,
    as_admin: Headers,
    admin: User,
    create_event: Callable[..., JsonBody],
) -> None:
    bodies = []
    created = client.post(
        f"{API}/users",
        headers=as_admin,
        json={"email": "mod@example.org", "password": PASSWORD, "access_type": "Moderator"},
    )
    user_id = created.get_json()["newUser"]["id"]
    event = create_event(headers=as_admin)
    bodies += [
        created,
        client.get(f"{API}/users", headers=as_admin),
        client.get(f"{API}/users/{user_id}", headers=as_admin),
        client.patch(f"{API}/users/{admin.id}", headers=as_admin, json={"first_name": "R"}),
        client.post(
            f"{API}/events/{event['id']}/attendances",
            headers=as_admin,
            json={"status": "Registered"},
        ),
        client.get(f"{API}/events/{event['id']}/attendees", headers=as_admin),
        client.delete(f"{API}/users/{user_id}", headers=_token(client, "mod@example.org")),
    ]
    with core.uow() as uow:
        stored = uow.credentials.get(admin.id)
    assert stored is not None
    assert stored.password_hash is not None
    for response in bodies:
        text = response.get_data(as_text=True)
        assert response.status_code < 300, text
        assert "password" not in text
        assert stored.password_hash not in text
        assert "$argon2" not in text


def _token(client: FlaskClient, email: str) -> Headers:
    response = client.post(f"{API}/users/login", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}
