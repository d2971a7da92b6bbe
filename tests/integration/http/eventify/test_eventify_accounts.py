"""Eventify accounts over HTTP: /api/user/register/, login/, status/, logout/ (seed 001)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core
from eventcore.domain.ids import UserId
from eventcore.domain.users import Registration, Role
from eventcore.http.limits import is_login_endpoint
from eventcore.usecases import accounts, opaque_tokens
from support.constants import EVENTIFY_PASSWORD as PASSWORD

JsonBody = dict[str, Any]
Call = Callable[..., TestResponse]
StatusError = Callable[[TestResponse, int, str], None]

HEX_40 = re.compile(r"^[0-9a-f]{40}$")
REGISTRATION = {"email": "user@example.com", "phone_number": "+1234567890", "password": PASSWORD}
INVALID_TOKEN = {"status": "invalid_token"}
LOGIN_KEYS = [
    "message",
    "token",
    "username",
    "email",
    "phone_number",
    "first_name",
    "last_name",
    "role",
    "pincode",
    "district",
    "state",
    "country",
    "place",
    "latitude",
    "longitude",
]


def errors_of(response: TestResponse) -> JsonBody:
    body = response.get_json()
    assert set(body) == {"errors"}, body
    errors: JsonBody = body["errors"]
    return errors


# --- register ---------------------------------------------------------------------------


def test_registration_answers_201_with_the_message_and_a_40_hex_token(call: Call) -> None:
    response = call("user/register/", **REGISTRATION)
    assert response.status_code == 201
    body = response.get_json()
    assert list(body) == ["message", "token"]
    assert body["message"] == "User registered successfully"
    assert HEX_40.match(body["token"])


def test_the_registration_token_works_at_once_with_the_derived_username(call: Call) -> None:
    token = call("user/register/", **REGISTRATION).get_json()["token"]
    response = call("user/status/", token=token, username="user")
    assert (response.status_code, response.get_json()) == (
        200,
        {"status": "logged_in", "username": "user", "email": "user@example.com"},
    )


def test_the_email_may_stand_for_the_username_in_a_token_body(call: Call) -> None:
    token = call("user/register/", **REGISTRATION).get_json()["token"]
    response = call("user/status/", token=token, username="user@example.com")
    assert response.get_json()["username"] == "user"


def test_only_the_tokens_hash_is_stored(call: Call, store: MemoryStore) -> None:
    token = call("user/register/", **REGISTRATION).get_json()["token"]
    (stored,) = store.tables["api_tokens"].values()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(store.tables)


def test_a_taken_email_and_phone_are_both_named_in_the_seeds_words(
    call: Call, store: MemoryStore
) -> None:
    call("user/register/", **REGISTRATION)
    users_before = dict(store.tables["users"])
    response = call(
        "user/register/", email="USER@example.com", phone_number="+1 234-567-890", password=PASSWORD
    )
    assert response.status_code == 400
    assert errors_of(response) == {
        "email": ["Email is already registered."],
        "phone_number": ["Phone number is already registered."],
    }
    assert store.tables["users"] == users_before


def test_a_taken_phone_alone_is_named_alone(call: Call) -> None:
    call("user/register/", **REGISTRATION)
    response = call("user/register/", **{**REGISTRATION, "email": "other@example.com"})
    assert (response.status_code, errors_of(response)) == (
        400,
        {"phone_number": ["Phone number is already registered."]},
    )


def test_usernames_derived_from_one_local_part_stay_unique(call: Call) -> None:
    for n, domain in enumerate(["one.example", "two.example"]):
        token = call(
            "user/register/", email=f"sam@{domain}", phone_number=f"+9100000{n}", password=PASSWORD
        ).get_json()["token"]
        status = call("user/status/", token=token, username=f"sam@{domain}").get_json()
        assert status["username"] == ["sam", "sam1"][n]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"email": None}, {"email": ["This field is required."]}),
        (
            {"phone_number": None, "password": None},
            {"phone_number": ["This field is required."], "password": ["This field is required."]},
        ),
        ({"email": "not-an-email"}, {"email": ["Enter a valid email address."]}),
        ({"email": 5}, {"email": ["Enter a valid email address."]}),
        ({"phone_number": "call me"}, {"phone_number": ["Enter a valid phone number."]}),
        ({"phone_number": ["+1234567890"]}, {"phone_number": ["Not a valid string."]}),
        ({"phone_number": "1" * 41}, {"phone_number": ["Enter a valid phone number."]}),
        (
            {"password": "short"},
            {"password": ["Ensure this field has between 8 and 1024 characters."]},
        ),
    ],
)
def test_bad_registration_fields_are_named_and_nothing_is_written(
    call: Call, store: MemoryStore, change: JsonBody, expected: JsonBody
) -> None:
    # None leaves the field out.
    body = {key: value for key, value in {**REGISTRATION, **change}.items() if value is not None}
    response = call("user/register/", **body)
    assert (response.status_code, errors_of(response)) == (400, expected)
    assert store.tables["users"] == {}


def test_null_registration_fields_count_as_missing(call: Call) -> None:
    response = call("user/register/", email=None, phone_number=None, password=None)
    assert (response.status_code, errors_of(response)) == (
        400,
        {
            "email": ["This field is required."],
            "phone_number": ["This field is required."],
            "password": ["This field is required."],
        },
    )


def test_a_registration_body_that_is_not_json_is_a_400_in_the_errors_body(
    client: Any, store: MemoryStore
) -> None:
    response = client.post(
        "/eventify/api/user/register/", data=b"{email", content_type="application/json"
    )
    assert (response.status_code, errors_of(response)) == (
        400,
        {"body": ["The request body is not valid JSON."]},
    )


def test_an_unexpected_failure_in_registration_is_the_seeds_500_body(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database exploded: SELECT secret FROM users")

    monkeypatch.setattr(opaque_tokens, "sign_up", crash)
    response = call("user/register/", **REGISTRATION)
    assert (response.status_code, response.get_json()) == (
        500,
        {"error": "Something went wrong on our side."},
    )


# --- login ------------------------------------------------------------------------------


@pytest.fixture
def profiled(core: Core) -> None:
    """A user with every profile field the login answer shows."""
    accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(
            email="user@example.com",
            password=PASSWORD,
            username="john_doe",
            role=Role.MODERATOR,
            phone="+1234567890",
            first_name="John",
            last_name="Doe",
            pincode="560001",
            district="Bangalore Urban",
            state="Karnataka",
            country="India",
            place="Bangalore",
            latitude=12.9716,
            longitude=77.5946,
        ),
    )


@pytest.mark.parametrize("login", ["user@example.com", "john_doe"])
@pytest.mark.usefixtures("profiled")
def test_login_by_email_or_username_answers_the_documented_fields(call: Call, login: str) -> None:
    response = call("user/login/", username=login, password=PASSWORD)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == LOGIN_KEYS
    assert HEX_40.match(body.pop("token"))
    assert body == {
        "message": "Login successful",
        "username": "john_doe",
        "email": "user@example.com",
        "phone_number": "+1234567890",
        "first_name": "John",
        "last_name": "Doe",
        "role": "moderator",
        "pincode": "560001",
        "district": "Bangalore Urban",
        "state": "Karnataka",
        "country": "India",
        "place": "Bangalore",
        "latitude": "12.9716",
        "longitude": "77.5946",
    }


def test_a_registered_user_logs_in_with_empty_profile_fields(call: Call) -> None:
    call("user/register/", **REGISTRATION)
    body = call("user/login/", username="user@example.com", password=PASSWORD).get_json()
    assert {key: body[key] for key in LOGIN_KEYS[4:]} == {
        "phone_number": "+1234567890",
        "first_name": "",
        "last_name": "",
        "role": "user",
        "pincode": None,
        "district": None,
        "state": None,
        "country": None,
        "place": None,
        "latitude": None,
        "longitude": None,
    }


@pytest.mark.parametrize("login", ["user@example.com", "nobody@example.com"])
def test_wrong_credentials_are_a_401_naming_username(call: Call, login: str) -> None:
    call("user/register/", **REGISTRATION)
    response = call("user/login/", username=login, password="wrong password")
    assert (response.status_code, errors_of(response)) == (
        401,
        {"username": ["Invalid credentials."]},
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, {"username": ["This field is required."], "password": ["This field is required."]}),
        ({"username": "user@example.com"}, {"password": ["This field is required."]}),
        ({"username": "", "password": PASSWORD}, {"username": ["This field is required."]}),
        ({"username": 7, "password": PASSWORD}, {"username": ["Not a valid string."]}),
        (
            {"username": "u" * 255, "password": PASSWORD},
            {"username": ["Ensure this field has no more than 254 characters."]},
        ),
        (
            {"username": "user", "password": "p" * 1025},
            {"password": ["Ensure this field has no more than 1024 characters."]},
        ),
    ],
)
def test_missing_login_fields_are_a_400_naming_them(
    call: Call, body: JsonBody, expected: JsonBody
) -> None:
    response = call("user/login/", **body)
    assert (response.status_code, errors_of(response)) == (400, expected)


def test_a_disabled_account_cannot_log_in(call: Call, core: Core) -> None:
    call("user/register/", **REGISTRATION)
    accounts.set_active(core.uow(), core.clock, UserId(1), False)
    response = call("user/login/", username="user", password=PASSWORD)
    assert (response.status_code, errors_of(response)) == (
        401,
        {"non_field_errors": ["This account is disabled."]},
    )


def test_a_new_login_replaces_the_previous_token(call: Call) -> None:
    first = call("user/register/", **REGISTRATION).get_json()["token"]
    second = call("user/login/", username="user", password=PASSWORD).get_json()["token"]
    assert first != second
    assert call("user/status/", token=first, username="user").get_json() == INVALID_TOKEN
    assert call("user/status/", token=second, username="user").status_code == 200


def test_no_answer_shows_the_password_or_its_hash(call: Call, store: MemoryStore) -> None:
    answers = [
        call("user/register/", **REGISTRATION),
        call("user/login/", username="user", password=PASSWORD),
        call("user/login/", username="user", password="wrong password"),
        call("user/register/", **REGISTRATION),
    ]
    (credentials,) = store.tables["credentials"].values()
    for answer in answers:
        text = answer.get_data(as_text=True)
        assert PASSWORD not in text
        assert "password" not in text
        assert credentials.password_hash not in text


def test_registration_and_login_count_against_the_login_rate_limit(app: Flask) -> None:
    for endpoint in ("eventify_sign_in.register", "eventify_sign_in.login"):
        assert is_login_endpoint(app.view_functions[endpoint])
    assert not is_login_endpoint(app.view_functions["eventify_session.status"])


# --- status and logout ----------------------------------------------------------------


def test_status_answers_logged_in_with_the_username_and_email(call: Call, john: JsonBody) -> None:
    response = call("user/status/", john)
    assert (response.status_code, response.get_json()) == (
        200,
        {"status": "logged_in", "username": "john.doe", "email": "john.doe@example.com"},
    )


def test_logout_invalidates_the_token(call: Call, john: JsonBody) -> None:
    response = call("user/logout/", john)
    assert (response.status_code, response.get_json()) == (
        200,
        {"status": "logged_out", "message": "Logout successful"},
    )
    assert call("user/status/", john).status_code == 401
    again = call("user/logout/", john)
    assert (again.status_code, again.get_json()) == (401, INVALID_TOKEN)


@pytest.mark.parametrize("path", ["user/status/", "user/logout/"])
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": "0" * 40},
        {"username": "john.doe"},
        {"token": "", "username": "john.doe"},
        {"token": "0" * 40, "username": "  "},
        {"token": 12, "username": "john.doe"},
        {"token": "0" * 40, "username": ["john.doe"]},
    ],
)
def test_missing_credentials_are_a_400(
    call: Call, assert_status_error: StatusError, path: str, body: JsonBody
) -> None:
    assert_status_error(call(path, **body), 400, "token and username required")


@pytest.mark.parametrize("path", ["user/status/", "user/logout/"])
@pytest.mark.parametrize("token", ["0" * 40, "not-a-token", "F" * 40, "0" * 400])
def test_an_unknown_or_malformed_token_is_invalid(
    call: Call, john: JsonBody, path: str, token: str
) -> None:
    response = call(path, token=token, username=john["username"])
    assert (response.status_code, response.get_json()) == (401, INVALID_TOKEN)


@pytest.mark.parametrize("path", ["user/status/", "user/logout/"])
def test_a_token_sent_with_another_users_name_does_not_match(
    call: Call, sign_up: Callable[..., JsonBody], assert_status_error: StatusError, path: str
) -> None:
    john = sign_up()
    jane = sign_up("jane@example.com", "+1987654321")
    assert_status_error(
        call(path, token=john["token"], username=jane["username"]), 401, "token does not match user"
    )
    assert call("user/status/", john).status_code == 200


def test_a_body_that_is_not_json_is_a_400_in_the_standard_body(
    client: Any, assert_status_error: StatusError
) -> None:
    response = client.post(
        "/eventify/api/user/status/", data=b"token=abc", content_type="text/plain"
    )
    assert_status_error(response, 400, "The request body is not valid JSON.")


def test_a_form_body_has_no_credentials(client: Any, assert_status_error: StatusError) -> None:
    response = client.post(
        "/eventify/api/user/status/", data={"token": "0" * 40, "username": "john"}
    )
    assert_status_error(response, 400, "token and username required")


def test_a_disabled_account_cannot_use_its_token(
    call: Call, core: Core, john: JsonBody, assert_status_error: StatusError
) -> None:
    accounts.set_active(core.uow(), core.clock, UserId(1), False)
    assert_status_error(call("user/status/", john), 401, "This account is disabled.")
