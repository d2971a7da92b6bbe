"""Bad input to Eventify never gets a 500 and never changes anything (DESIGN.md section 7).

Every case is answered with a 400, 401 or 404 in the body the seed documents for
that endpoint, and the tables afterwards are exactly what they were before.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core
from eventcore.domain.events import Category

JsonBody = dict[str, Any]
Headers = dict[str, str]
CreateEvent = Callable[..., JsonBody]

ACCOUNT_PATHS = ["user/register/", "user/login/"]
TOKEN_PATHS = [
    "user/status/",
    "user/logout/",
    "events/type-list/",
    "events/pincode-events/",
    "events/event-details/",
    "events/event-images/",
    "events/events-by-category/",
    "events/events-by-month-year/",
    "events/events-by-date/",
]

# Bodies that are no JSON object at all.
NOT_AN_OBJECT: list[bytes] = [
    b'{"email": "a@b.c", ',
    b"[1, 2]",
    b'"text"',
    b"42",
    b"null",
    b"\xff\xfe\x00{",
    b"[" * 50_000,
    b'{"a": ' * 50_000,
]

# Field values of every wrong kind, for every field an endpoint reads.
WRONG_VALUES: list[Any] = [
    None,
    True,
    1.5,
    -1,
    0,
    10**30,
    "",
    " ",
    "x" * 10_000,
    "\x00",
    [],
    [1],
    {},
    {"a": 1},
    "2025-13-45",
    "9" * 25,
]
# The last two are a fine phone number and password.
WRONG_ACCOUNT_VALUES = WRONG_VALUES[:-2]
FIELDS_BY_PATH = {
    "events/pincode-events/": ["pincode", "page", "page_size"],
    "events/event-details/": ["event_id"],
    "events/event-images/": ["event_id"],
    "events/events-by-category/": ["category_id", "page", "page_size"],
    "events/events-by-month-year/": ["month", "year"],
    "events/events-by-date/": ["date_of_event", "page", "page_size"],
}
VALID_FIELDS: JsonBody = {
    "pincode": "560001",
    "page": 1,
    "page_size": 10,
    "event_id": 1,
    "category_id": 1,
    "month": "August",
    "year": 2025,
    "date_of_event": "2025-08-15",
}
# A new person's registration, and a login with a password nobody has.
ACCOUNT_FIELDS = {
    "email": "new@example.com",
    "phone_number": "+1999999999",
    "password": "another secret 42",
    "username": "john.doe",
}
ODD_CREDENTIALS: list[JsonBody] = [
    {"token": None, "username": None},
    {"token": 123, "username": "john.doe"},
    {"token": ["a"], "username": "john.doe"},
    {"token": "x" * 100_000, "username": "john.doe"},
    {"token": "0" * 40, "username": "\x00"},
    {"token": "\x00" * 40, "username": "john.doe"},
]


@pytest.fixture
def core(eventify_core: Callable[..., Core]) -> Core:
    """Without rate limits: these tests send far more logins than a person would."""
    return eventify_core(rate_limit="off", login_rate_limit="off")


@pytest.fixture
def world(
    john: JsonBody,
    as_ada: Headers,
    create_event: CreateEvent,
    add_category: Callable[..., Category],
) -> JsonBody:
    """A user with a token, a category and an event: something bad input could damage."""
    concert = add_category("Concert")
    create_event(
        as_ada,
        category=concert.id,
        pincode="560001",
        date="2025-08-15T10:00:00Z",
        images=[{"url": "a.jpg"}],
    )
    return john


def _unchanged(store: MemoryStore) -> Callable[[], None]:
    before = copy.deepcopy(store.tables)

    def check() -> None:
        assert store.tables == before

    return check


def _assert_standard_error(status: int, body: Any) -> None:
    assert status in (400, 401, 404), body
    assert body == {"status": "invalid_token"} or (
        set(body) == {"status", "message"}
        and body["status"] == "error"
        and isinstance(body["message"], str)
        and body["message"]
    ), body


# Each test sends all its cases to one app, in a loop: an app per case would cost
# minutes, and every case is named in the failure message.


@pytest.mark.parametrize("path", TOKEN_PATHS + ACCOUNT_PATHS)
def test_a_body_that_is_not_a_json_object_is_a_400(
    client: FlaskClient, world: JsonBody, store: MemoryStore, path: str
) -> None:
    unchanged = _unchanged(store)
    for raw in NOT_AN_OBJECT:
        response = client.post(f"/eventify/api/{path}", data=raw, content_type="application/json")
        case = f"{raw[:20]!r}: {response.get_data(as_text=True)}"
        assert response.status_code == 400, case
        body = response.get_json()
        if path in ACCOUNT_PATHS:
            assert set(body) == {"errors"}, case
            assert body["errors"], case
        else:
            _assert_standard_error(400, body)
    unchanged()


@pytest.mark.parametrize(
    ("path", "field"),
    [(path, field) for path, names in FIELDS_BY_PATH.items() for field in names],
)
def test_a_wrong_value_in_any_field_is_refused_in_the_standard_body(
    client: FlaskClient, world: JsonBody, store: MemoryStore, path: str, field: str
) -> None:
    unchanged = _unchanged(store)
    for value in WRONG_VALUES:
        response = client.post(
            f"/eventify/api/{path}", json={**world, **VALID_FIELDS, field: value}
        )
        case = f"{field}={value!r:.40}: {response.get_data(as_text=True)}"
        assert response.status_code != 500, case
        if response.status_code != 200:  # a few are still valid: an odd pincode, page 1...
            _assert_standard_error(response.status_code, response.get_json())
    unchanged()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("user/register/", "email"),
        ("user/register/", "phone_number"),
        ("user/register/", "password"),
        ("user/login/", "username"),
        ("user/login/", "password"),
    ],
)
def test_a_wrong_value_in_an_account_field_is_named_in_the_errors_body(
    client: FlaskClient, world: JsonBody, store: MemoryStore, path: str, field: str
) -> None:
    unchanged = _unchanged(store)
    for value in WRONG_ACCOUNT_VALUES:
        response = client.post(f"/eventify/api/{path}", json={**ACCOUNT_FIELDS, field: value})
        case = f"{field}={value!r:.40}: {response.get_data(as_text=True)}"
        assert response.status_code in (400, 401), case
        errors = response.get_json()["errors"]
        assert errors, case
        assert all(isinstance(messages, list) and messages for messages in errors.values()), case
    unchanged()


@pytest.mark.parametrize("path", TOKEN_PATHS)
def test_odd_credentials_are_a_400_or_401(
    client: FlaskClient, world: JsonBody, store: MemoryStore, path: str
) -> None:
    unchanged = _unchanged(store)
    for credentials in ODD_CREDENTIALS:
        response = client.post(f"/eventify/api/{path}", json={**VALID_FIELDS, **credentials})
        _assert_standard_error(response.status_code, response.get_json())
    unchanged()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_other_methods_are_a_405_in_the_standard_body(client: FlaskClient, method: str) -> None:
    for path in TOKEN_PATHS + ACCOUNT_PATHS:
        response = client.open(f"/eventify/api/{path}", method=method)
        assert (response.status_code, response.get_json()) == (
            405,
            {"status": "error", "message": "This method is not allowed for this URL."},
        ), path
        assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/eventify/api/events/nothing/", "/eventify/nothing"])
def test_unknown_paths_under_the_prefix_are_a_404_in_the_standard_body(
    client: FlaskClient, path: str
) -> None:
    response = client.post(path, json={})
    assert (response.status_code, response.get_json()) == (
        404,
        {"status": "error", "message": "The requested URL was not found."},
    )


def test_an_unexpected_failure_in_an_event_endpoint_is_a_500_in_the_standard_body(
    client: FlaskClient, world: JsonBody, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventcore.usecases import categories

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("connection to server at 10.0.0.1 failed: password rejected")

    monkeypatch.setattr(categories, "list_categories", crash)
    response = client.post("/eventify/api/events/type-list/", json=world)
    assert (response.status_code, response.get_json()) == (
        500,
        {"status": "error", "message": "Something went wrong on our side."},
    )


def test_a_path_without_its_trailing_slash_is_redirected_keeping_the_method(
    client: FlaskClient,
) -> None:
    response = client.post("/eventify/api/user/register", json={})
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/eventify/api/user/register/")
