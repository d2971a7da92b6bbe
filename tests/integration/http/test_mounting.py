"""Surfaces mounted under configured prefixes; clashing routes refused (DESIGN.md section 2)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.http import surfaces
from eventcore.http.app import create_app
from eventcore.http.mounting import RouteClash, refuse_clashes
from eventcore.settings import Settings, SettingsError

JsonBody = dict[str, Any]
AssertError = Callable[..., JsonBody]
MakeApp = Callable[[Core], Flask]


def _settings(surfaces: dict[str, str] | None) -> Settings:
    return Settings(secret_key=secrets.token_hex(32), surfaces=surfaces)


@pytest.fixture
def mounted(clock: FixedClock, make_app: MakeApp) -> FlaskClient:
    """GatherHub alone, under /gh."""
    core = memory_core(clock=clock, settings=_settings({"gatherhub": "/gh"}))
    return make_app(core).test_client()


def _view() -> str:
    return "ok"


def _two_blueprints(first_rule: str, second_rule: str, methods: list[str]) -> Flask:
    app = Flask("clash")
    one, two = Blueprint("one", __name__), Blueprint("two", __name__)
    one.add_url_rule(first_rule, "events", _view, methods=methods)
    two.add_url_rule(second_rule, "events", _view, methods=methods)
    app.register_blueprint(one)
    app.register_blueprint(two)
    return app


# Prefixes --------------------------------------------------------------------


def test_gatherhub_is_served_at_the_root_by_default(
    client: FlaskClient, assert_error: AssertError
) -> None:
    assert client.get("/health/").status_code == 200
    assert_error(client.get("/api/v1/events/"), 401)


def test_a_prefixed_surface_serves_its_endpoints_under_the_prefix(
    mounted: FlaskClient, assert_error: AssertError
) -> None:
    signed_in = mounted.post(
        "/gh/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": "correct horse battery"},
    )
    headers = {"Authorization": f"Bearer {signed_in.get_json()['access']}"}
    created = mounted.post(
        "/gh/api/v1/events/",
        headers=headers,
        json={"title": "Jazz", "date": "2027-05-02T18:00:00Z"},
    )

    assert signed_in.status_code == 201
    assert created.status_code == 201
    assert mounted.get("/gh/api/v1/events/", headers=headers).get_json()["count"] == 1
    assert mounted.get("/gh/health/").get_json()["status"] == "healthy"
    assert mounted.get("/gh/health/ready/").status_code == 200
    assert_error(mounted.get("/gh/api/v1/events/"), 401)


def test_a_prefixed_surfaces_next_link_stays_under_the_prefix(mounted: FlaskClient) -> None:
    signed_in = mounted.post(
        "/gh/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": "correct horse battery"},
    )
    headers = {"Authorization": f"Bearer {signed_in.get_json()['access']}"}
    for _ in range(2):
        mounted.post(
            "/gh/api/v1/events/",
            headers=headers,
            json={"title": "Jazz", "date": "2027-05-02T18:00:00Z"},
        )

    page = mounted.get("/gh/api/v1/events/?page_size=1", headers=headers).get_json()

    assert page["next"].startswith("http://localhost/gh/api/v1/events/?")


def test_a_prefixed_surface_publishes_its_document_and_docs_under_the_prefix(
    mounted: FlaskClient,
) -> None:
    document = mounted.get("/gh/openapi.json")
    docs = mounted.get("/gh/docs")

    assert document.status_code == 200
    paths = document.get_json()["paths"]
    assert "/gh/api/v1/events/" in paths
    assert "/gh/health/" in paths
    assert all(path.startswith("/gh/") for path in paths)
    assert docs.status_code == 200
    assert "/gh/openapi.json" in docs.get_data(as_text=True)


def test_nothing_is_served_outside_the_prefix(mounted: FlaskClient) -> None:
    for path in (
        "/health/",
        "/api/v1/events/",
        "/api/v1/auth/register/",
        "/openapi.json",
        "/docs",
    ):
        response = mounted.get(path)

        assert response.status_code == 404, path
        assert response.get_json()["error"] == "not_found", path


def test_a_prefix_written_with_a_trailing_slash_mounts_the_same_paths(
    clock: FixedClock, make_app: MakeApp
) -> None:
    core = memory_core(clock=clock, settings=_settings({"gatherhub": "/gh/"}))
    client = make_app(core).test_client()

    assert client.get("/gh/health/").status_code == 200
    assert client.get("/gh/api/v1/events/").status_code == 401
    assert "/gh/api/v1/events/" in client.get("/gh/openapi.json").get_json()["paths"]


def test_an_unknown_url_under_the_prefix_gets_the_surfaces_envelope(
    mounted: FlaskClient, assert_error: AssertError, seed_time: Callable[..., str]
) -> None:
    body = assert_error(mounted.get("/gh/no/such/page/"), 404, code="not_found")

    assert body["timestamp"] == seed_time()


def test_a_wrong_method_under_the_prefix_gets_the_surfaces_envelope(
    mounted: FlaskClient, assert_error: AssertError
) -> None:
    response = mounted.delete("/gh/health/")

    assert_error(response, 405, code="method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_an_unknown_url_at_the_root_gets_the_root_surfaces_envelope(
    client: FlaskClient, assert_error: AssertError
) -> None:
    assert_error(client.get("/no/such/page/"), 404, code="not_found")


def test_asking_for_a_surface_that_is_not_available_is_refused_at_create_app(
    clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every surface the design names is served now; a build without one is pretended.
    monkeypatch.setattr(surfaces, "AVAILABLE", ("gatherhub",))
    core = memory_core(clock=clock, settings=_settings({"socialcalendar": "/s"}))

    with pytest.raises(SettingsError, match="socialcalendar cannot be served yet"):
        create_app(core)


# Clashes ---------------------------------------------------------------------


def test_two_blueprints_claiming_the_same_method_and_path_are_refused_naming_both() -> None:
    app = _two_blueprints("/api/events/", "/api/events/", ["POST"])

    with pytest.raises(RouteClash) as raised:
        refuse_clashes(app)

    message = str(raised.value)
    assert "POST /api/events/" in message
    assert "one.events" in message
    assert "two.events" in message


def test_routes_that_differ_only_in_the_variable_name_clash() -> None:
    app = _two_blueprints("/events/<int:event_id>/", "/events/<pk>/", ["GET"])

    with pytest.raises(RouteClash, match=r"one\.events.*two\.events|two\.events.*one\.events"):
        refuse_clashes(app)


def test_a_clash_message_names_both_paths_as_written() -> None:
    app = _two_blueprints("/events/<int:event_id>/", "/events/<pk>/", ["GET"])

    with pytest.raises(RouteClash) as raised:
        refuse_clashes(app)

    assert "/events/<int:event_id>/" in str(raised.value)
    assert "/events/<pk>/" in str(raised.value)


def test_the_same_path_with_different_methods_is_no_clash() -> None:
    app = Flask("no_clash")
    one, two = Blueprint("one", __name__), Blueprint("two", __name__)
    one.add_url_rule("/api/events/", "list", _view, methods=["GET"])
    two.add_url_rule("/api/events/", "create", _view, methods=["POST"])
    app.register_blueprint(one)
    app.register_blueprint(two)

    refuse_clashes(app)

    assert {rule.endpoint for rule in app.url_map.iter_rules()} >= {"one.list", "two.create"}


def test_the_default_app_passes_its_own_clash_check(app: Flask) -> None:
    refuse_clashes(app)

    assert any(rule.rule == "/api/v1/events/" for rule in app.url_map.iter_rules())


# The app factory -------------------------------------------------------------


def test_create_app_builds_two_independent_apps_in_one_process(clock: FixedClock) -> None:
    first = create_app(memory_core(clock=clock))
    second = create_app(memory_core(clock=clock))

    first.test_client().post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": "correct horse battery"},
    )

    assert (
        second.test_client()
        .post("/api/v1/auth/login/", json={"username": "ada", "password": "correct horse battery"})
        .status_code
        == 400
    )
