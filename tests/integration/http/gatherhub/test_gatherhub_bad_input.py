"""Bad input never gets a 500 and never changes anything (DESIGN.md section 7).

Each case is answered with a 4xx in the GatherHub envelope naming the field, and the
events and users afterwards are exactly what they were before.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.memory.store import MemoryStore

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]

EVENTS = "/api/v1/events/"
HUGE_ID = "99999999999999999999999"

# A body that is not a JSON object at all; details say so under one key.
NOT_AN_OBJECT: list[tuple[str, bytes]] = [
    ("malformed JSON", b'{"title": "Jazz", '),
    ("a JSON array", b'[{"title": "Jazz"}]'),
    ("a JSON string", b'"Jazz night"'),
    ("a JSON number", b"42"),
    ("JSON null", b"null"),
    ("bytes that are not UTF-8", b"\xff\xfe\x00{"),
]

# (what is wrong, the change to a valid event body, the field the 400 names)
BAD_EVENT_FIELDS: list[tuple[str, JsonBody, str]] = [
    ("title as a number", {"title": 5}, "title"),
    ("title as a list", {"title": ["Jazz"]}, "title"),
    ("a 100 000-character title", {"title": "t" * 100_000}, "title"),
    ("an empty title", {"title": ""}, "title"),
    ("a blank title", {"title": "   "}, "title"),
    ("max_participants as a word", {"max_participants": "ten"}, "max_participants"),
    ("max_participants as a digit string", {"max_participants": "10"}, "max_participants"),
    ("max_participants as true", {"max_participants": True}, "max_participants"),
    ("max_participants as 1.5", {"max_participants": 1.5}, "max_participants"),
    ("a negative capacity", {"max_participants": -1}, "max_participants"),
    ("a zero capacity", {"max_participants": 0}, "max_participants"),
    ("a capacity beyond 64 bits", {"max_participants": 10**30}, "max_participants"),
    ("an unparseable date", {"date": "next friday"}, "date"),
    ("a date as a number", {"date": 20270502}, "date"),
    ("an impossible date", {"date": "2027-02-30T10:00:00Z"}, "date"),
    ("a null date", {"date": None}, "date"),
    ("description as a list", {"description": ["a", "b"]}, "description"),
    ("a 300-character location", {"location": "l" * 300}, "location"),
    ("is_private as a word", {"is_private": "maybe"}, "is_private"),
    ("a latitude beyond the pole", {"latitude": 91}, "latitude"),
    ("a negative price", {"price": -1}, "price"),
]


def _ids(cases: list[tuple[str, Any, Any]] | list[tuple[str, bytes]]) -> list[str]:
    return [case[0] for case in cases]


@pytest.fixture
def existing_event(as_ada: Headers, create_event: CreateEvent) -> JsonBody:
    return create_event(as_ada, title="Existing")


@pytest.fixture
def unchanged(
    client: FlaskClient, store: MemoryStore, as_ada: Headers, existing_event: JsonBody
) -> Callable[[], None]:
    """Call after the bad request: asserts the API and the tables show what they did before."""
    listed_before = client.get(EVENTS, headers=as_ada).get_json()
    tables_before = copy.deepcopy(
        {name: store.tables[name] for name in ("users", "events", "attendances")}
    )

    def check() -> None:
        assert client.get(EVENTS, headers=as_ada).get_json() == listed_before
        assert {name: store.tables[name] for name in tables_before} == tables_before

    return check


# Creating events -------------------------------------------------------------


@pytest.mark.parametrize(("case", "body"), NOT_AN_OBJECT, ids=_ids(NOT_AN_OBJECT))
def test_creating_an_event_from_a_body_that_is_not_an_object_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    unchanged: Callable[[], None],
    case: str,
    body: bytes,
) -> None:
    response = client.post(EVENTS, headers=as_ada, data=body, content_type="application/json")

    error = assert_error(response, 400, code="validation_error")
    assert len(error["details"]) == 1
    unchanged()


@pytest.mark.parametrize(("case", "change", "field"), BAD_EVENT_FIELDS, ids=_ids(BAD_EVENT_FIELDS))
def test_creating_an_event_with_a_bad_field_is_a_400_naming_it(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    event_fields: Callable[..., JsonBody],
    unchanged: Callable[[], None],
    case: str,
    change: JsonBody,
    field: str,
) -> None:
    response = client.post(EVENTS, headers=as_ada, json=event_fields(**change))

    assert_error(response, 400, code="validation_error", field=field)
    unchanged()


def test_an_empty_body_names_every_required_field(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    unchanged: Callable[[], None],
) -> None:
    error = assert_error(client.post(EVENTS, headers=as_ada), 400)

    assert set(error["details"]) == {"title", "date"}
    unchanged()


def test_a_body_over_the_size_limit_is_a_413_in_the_envelope(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    unchanged: Callable[[], None],
) -> None:
    body = b'{"title": "' + b"t" * (9 * 1024 * 1024) + b'", "date": "2027-05-02T18:00:00Z"}'

    response = client.post(EVENTS, headers=as_ada, data=body, content_type="application/json")

    assert_error(response, 413)
    unchanged()


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_date_that_leaves_the_calendar_in_utc_is_a_400_naming_date(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    event_fields: Callable[..., JsonBody],
    unchanged: Callable[[], None],
    date: str,
) -> None:
    response = client.post(EVENTS, headers=as_ada, json=event_fields(date=date))

    assert_error(response, 400, field="date")
    unchanged()


# Updating events -------------------------------------------------------------


def test_updating_an_event_from_a_body_that_is_not_an_object_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    existing_event: JsonBody,
    unchanged: Callable[[], None],
    subtests: pytest.Subtests,
) -> None:
    for case, body in NOT_AN_OBJECT:
        with subtests.test(case):
            response = client.put(
                f"{EVENTS}{existing_event['id']}/",
                headers=as_ada,
                data=body,
                content_type="application/json",
            )

            assert_error(response, 400, code="validation_error")
            unchanged()


@pytest.mark.parametrize(
    ("case", "change", "field"),
    [*BAD_EVENT_FIELDS, ("a null title", {"title": None}, "title")],
    ids=[*_ids(BAD_EVENT_FIELDS), "a null title"],
)
def test_updating_an_event_with_a_bad_field_is_a_400_naming_it(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    existing_event: JsonBody,
    unchanged: Callable[[], None],
    case: str,
    change: JsonBody,
    field: str,
) -> None:
    response = client.put(
        f"{EVENTS}{existing_event['id']}/", headers=as_ada, json={"location": "Moved", **change}
    )

    assert_error(response, 400, code="validation_error", field=field)
    unchanged()


# Path ids --------------------------------------------------------------------


@pytest.mark.parametrize("event_id", [HUGE_ID, "-1", "abc", "1.5"])
def test_a_path_id_that_names_no_event_is_a_404_whatever_the_method(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    unchanged: Callable[[], None],
    subtests: pytest.Subtests,
    event_id: str,
) -> None:
    for method, suffix in [
        ("GET", "/"),
        ("PUT", "/"),
        ("PATCH", "/"),
        ("DELETE", "/"),
        ("POST", "/join/"),
        ("POST", "/leave/"),
    ]:
        with subtests.test(f"{method} {suffix}"):
            response = client.open(
                f"{EVENTS}{event_id}{suffix}",
                method=method,
                headers=as_ada,
                json={"title": "Ghost"},
            )

            assert_error(response, 404, code="not_found")
            unchanged()


# List queries ----------------------------------------------------------------


def test_the_last_representable_date_to_is_not_a_500(
    client: FlaskClient, as_ada: Headers, existing_event: JsonBody
) -> None:
    response = client.get(f"{EVENTS}?date_to=9999-12-31", headers=as_ada)

    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert response.get_json()["count"] == 1


def test_the_first_representable_date_from_is_answered(
    client: FlaskClient, as_ada: Headers, existing_event: JsonBody
) -> None:
    response = client.get(f"{EVENTS}?date_from=0001-01-01", headers=as_ada)

    assert response.status_code == 200
    assert response.get_json()["count"] == 1


# Accounts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/auth/register/"),
        ("POST", "/api/v1/auth/login/"),
        ("POST", "/api/v1/auth/refresh/"),
        ("PUT", "/api/v1/auth/profile/"),
    ],
)
def test_an_account_endpoint_given_a_body_that_is_not_an_object_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    unchanged: Callable[[], None],
    subtests: pytest.Subtests,
    method: str,
    path: str,
) -> None:
    for case, body in NOT_AN_OBJECT:
        with subtests.test(case):
            response = client.open(
                path, method=method, headers=as_ada, data=body, content_type="application/json"
            )

            assert_error(response, 400, code="validation_error")
            unchanged()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", 12),
        ("email", ["a@example.org"]),
        ("password", 12345678),
        ("username", "x" * 100_000),
        ("password", "p" * 100_000),
    ],
)
def test_registration_with_a_wrong_type_or_size_is_a_400_and_adds_no_user(
    client: FlaskClient,
    assert_error: AssertError,
    unchanged: Callable[[], None],
    field: str,
    value: Any,
) -> None:
    body = {
        "username": "dora",
        "email": "dora@example.org",
        "password": "correct horse",
        field: value,
    }

    assert_error(client.post("/api/v1/auth/register/", json=body), 400, field=field)
    unchanged()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/events/"),
        ("PUT", "/api/v1/events/1/"),
        ("POST", "/api/v1/tasks/"),
        ("POST", "/api/v1/voting/"),
        ("PUT", "/api/v1/auth/profile/"),
    ],
)
def test_a_request_without_a_token_is_a_401_before_its_body_is_read(
    client: FlaskClient, assert_error: AssertError, method: str, path: str
) -> None:
    response = client.open(path, method=method, data="{not json", content_type="application/json")

    assert_error(response, 401, code="authentication_failed")


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("Basic YWRhOmNvcnJlY3QtaG9yc2U=", "uses the 'Basic' scheme"),
        ("Token 0123456789abcdef", "uses the 'Token' scheme"),
        ("Bearer", "has no token after 'Bearer'"),
    ],
)
def test_a_wrong_authorization_scheme_is_a_401_that_says_so(
    client: FlaskClient, assert_error: AssertError, header: str, said: str
) -> None:
    error = assert_error(client.get("/api/v1/events/", headers={"Authorization": header}), 401)

    assert said in error["message"]
    assert "Bearer" in error["message"]


def test_a_form_sent_to_a_json_endpoint_is_a_400_saying_the_body_must_be_json(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    unchanged: Callable[[], None],
) -> None:
    response = client.post(
        "/api/v1/events/",
        headers=as_ada,
        data={"title": "Picnic", "date": "2030-06-01T12:00:00Z"},
    )

    error = assert_error(response, 400, field="body")
    assert error["details"] == {
        "body": [
            "The request body must be JSON (Content-Type: application/json); "
            "it was sent as form data."
        ]
    }
