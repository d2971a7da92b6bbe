"""GatherHub /api/v1/auth/: register, login, refresh, logout, profile (seed 003)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core
from eventcore.domain.ids import UserId
from eventcore.usecases.accounts import set_active
from support.constants import PASSWORD

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]

REGISTER = "/api/v1/auth/register/"
LOGIN = "/api/v1/auth/login/"
REFRESH = "/api/v1/auth/refresh/"
LOGOUT = "/api/v1/auth/logout/"
PROFILE = "/api/v1/auth/profile/"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _registration(**overrides: Any) -> JsonBody:
    return {
        "username": "ada",
        "email": "ada@example.org",
        "password": "correct horse battery",
        "first_name": "Ada",
        "last_name": "Lovelace",
        **overrides,
    }


def _disable(core: Core, user: JsonBody) -> None:
    set_active(core.uow(), core.clock, UserId(user["id"]), False)


# Registration ----------------------------------------------------------------


def test_registration_answers_201_with_tokens_and_the_new_user(
    client: FlaskClient, seed_time: Callable[..., str]
) -> None:
    response = client.post(REGISTER, json=_registration())

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"access", "refresh", "user"}
    assert isinstance(body["access"], str)
    assert body["access"]
    assert isinstance(body["refresh"], str)
    assert body["refresh"]
    assert body["access"] != body["refresh"]
    user = body["user"]
    assert set(user) == {"id", "username", "email", "first_name", "last_name", "date_joined"}
    assert isinstance(user["id"], int)
    assert user == {
        "id": user["id"],
        "username": "ada",
        "email": "ada@example.org",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "date_joined": seed_time(),
    }


def test_registration_without_names_leaves_them_empty(client: FlaskClient) -> None:
    body = _registration()
    del body["first_name"], body["last_name"]

    response = client.post(REGISTER, json=body)

    assert response.status_code == 201
    assert response.get_json()["user"]["first_name"] == ""
    assert response.get_json()["user"]["last_name"] == ""


@pytest.mark.parametrize("missing", ["username", "email", "password"])
def test_registration_without_a_required_field_is_a_400_naming_it(
    client: FlaskClient, assert_error: AssertError, store: MemoryStore, missing: str
) -> None:
    body = _registration()
    del body[missing]

    response = client.post(REGISTER, json=body)

    assert_error(response, 400, code="validation_error", field=missing)
    assert store.tables["users"] == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("email", 42),
        ("password", "short"),
        ("password", None),
        ("username", "has space"),
        ("username", ""),
        ("username", "u" * 151),
        ("username", ["ada"]),
        ("first_name", "f" * 151),
        ("last_name", 7),
    ],
)
def test_registration_with_an_invalid_value_is_a_400_naming_the_field(
    client: FlaskClient, assert_error: AssertError, store: MemoryStore, field: str, value: Any
) -> None:
    response = client.post(REGISTER, json=_registration(**{field: value}))

    assert_error(response, 400, field=field)
    assert store.tables["users"] == {}


def test_registration_with_a_taken_username_is_a_409_naming_username(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody, store: MemoryStore
) -> None:
    response = client.post(REGISTER, json=_registration(email="other@example.org"))

    assert_error(response, 409, code="already_exists", field="username")
    assert len(store.tables["users"]) == 1


def test_registration_with_a_taken_email_in_another_case_is_a_409_naming_email(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody, store: MemoryStore
) -> None:
    response = client.post(REGISTER, json=_registration(username="ada2", email="ADA@Example.ORG"))

    assert_error(response, 409, code="already_exists", field="email")
    assert len(store.tables["users"]) == 1


# Login -----------------------------------------------------------------------


@pytest.mark.parametrize("login", ["ada", "ada@example.org", "ADA@EXAMPLE.ORG"])
def test_login_by_username_or_email_answers_tokens_and_the_user(
    client: FlaskClient, ada: JsonBody, password: str, login: str
) -> None:
    response = client.post(LOGIN, json={"username": login, "password": password})

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access", "refresh", "user"}
    assert isinstance(body["access"], str)
    assert body["access"]
    assert isinstance(body["refresh"], str)
    assert body["refresh"]
    assert body["user"] == {
        "id": ada["user"]["id"],
        "username": "ada",
        "email": "ada@example.org",
        "first_name": "Ada",
        "last_name": "Tester",
    }


def test_login_tokens_open_the_profile(
    client: FlaskClient, ada: JsonBody, password: str, bearer: Callable[[JsonBody], Headers]
) -> None:
    signed_in = client.post(LOGIN, json={"username": "ada", "password": password}).get_json()

    response = client.get(PROFILE, headers=bearer(signed_in))

    assert response.status_code == 200
    assert response.get_json()["username"] == "ada"


def test_login_with_a_wrong_password_is_a_400_for_invalid_credentials(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody
) -> None:
    response = client.post(LOGIN, json={"username": "ada", "password": "wrong horse battery"})

    assert_error(response, 400, code="invalid_credentials")


def test_login_for_an_unknown_user_reads_exactly_like_a_wrong_password(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody
) -> None:
    unknown = client.post(LOGIN, json={"username": "nobody", "password": "whatever123"})
    wrong = client.post(LOGIN, json={"username": "ada", "password": "whatever123"})

    assert assert_error(unknown, 400) == assert_error(wrong, 400)


@pytest.mark.parametrize("missing", ["username", "password"])
def test_login_without_a_field_is_a_400_naming_it(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody, password: str, missing: str
) -> None:
    body = {"username": "ada", "password": password}
    del body[missing]

    assert_error(client.post(LOGIN, json=body), 400, code="validation_error", field=missing)


def test_login_to_a_disabled_account_is_a_401(
    client: FlaskClient, assert_error: AssertError, core: Core, ada: JsonBody, password: str
) -> None:
    _disable(core, ada["user"])

    response = client.post(LOGIN, json={"username": "ada", "password": password})

    assert_error(response, 401, code="account_disabled")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_disabled_accounts_access_token_is_refused(
    client: FlaskClient,
    assert_error: AssertError,
    core: Core,
    ada: JsonBody,
    as_ada: Headers,
) -> None:
    _disable(core, ada["user"])

    assert_error(client.get(PROFILE, headers=as_ada), 401, code="account_disabled")


# Refresh ---------------------------------------------------------------------


def test_refresh_answers_a_new_pair_that_works(
    client: FlaskClient, ada: JsonBody, bearer: Callable[[JsonBody], Headers]
) -> None:
    response = client.post(REFRESH, json={"refresh": ada["refresh"]})

    assert response.status_code == 200
    pair = response.get_json()
    assert set(pair) == {"access", "refresh"}
    assert pair["refresh"] != ada["refresh"]
    assert client.get(PROFILE, headers=bearer(pair)).status_code == 200
    assert client.post(REFRESH, json={"refresh": pair["refresh"]}).status_code == 200


def test_a_refresh_token_is_refused_once_it_has_been_used(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody
) -> None:
    assert client.post(REFRESH, json={"refresh": ada["refresh"]}).status_code == 200

    response = client.post(REFRESH, json={"refresh": ada["refresh"]})

    assert_error(response, 401, field="refresh")


def test_replaying_a_used_refresh_token_revokes_its_rotation_too(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody
) -> None:
    rotated = client.post(REFRESH, json={"refresh": ada["refresh"]}).get_json()
    client.post(REFRESH, json={"refresh": ada["refresh"]})

    assert_error(client.post(REFRESH, json={"refresh": rotated["refresh"]}), 401)


def test_replaying_a_used_refresh_token_ends_the_access_tokens_of_that_login_at_once(
    client: FlaskClient,
    assert_error: AssertError,
    ada: JsonBody,
    bearer: Callable[[JsonBody], Headers],
) -> None:
    other_device = client.post(LOGIN, json={"username": "ada", "password": PASSWORD}).get_json()
    rotated = client.post(REFRESH, json={"refresh": ada["refresh"]}).get_json()
    assert client.get(PROFILE, headers=bearer(rotated)).status_code == 200

    assert_error(client.post(REFRESH, json={"refresh": ada["refresh"]}), 401)

    for stolen in (ada, rotated):
        body = assert_error(client.get(PROFILE, headers=bearer(stolen)), 401)
        assert body["message"] == "This login has ended; log in again."
    assert client.get(PROFILE, headers=bearer(other_device)).get_json()["username"] == "ada"


def test_an_access_token_is_refused_as_a_refresh_token(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody
) -> None:
    assert_error(client.post(REFRESH, json={"refresh": ada["access"]}), 401)


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "x" * 4096])
def test_a_token_that_is_not_ours_is_refused_as_a_refresh_token(
    client: FlaskClient, assert_error: AssertError, token: str
) -> None:
    assert_error(client.post(REFRESH, json={"refresh": token}), 401)


def test_refresh_without_a_token_is_a_400_naming_refresh(
    client: FlaskClient, assert_error: AssertError
) -> None:
    assert_error(client.post(REFRESH, json={}), 400, field="refresh")


def test_a_refresh_token_still_works_just_before_seven_days(
    client: FlaskClient, clock: FixedClock, ada: JsonBody
) -> None:
    clock.advance(timedelta(days=7, seconds=-1))

    assert client.post(REFRESH, json={"refresh": ada["refresh"]}).status_code == 200


def test_a_refresh_token_expires_after_seven_days(
    client: FlaskClient, assert_error: AssertError, clock: FixedClock, ada: JsonBody
) -> None:
    clock.advance(timedelta(days=7))

    assert_error(client.post(REFRESH, json={"refresh": ada["refresh"]}), 401)


def test_an_access_token_expires_after_one_hour(
    client: FlaskClient, assert_error: AssertError, clock: FixedClock, as_ada: Headers
) -> None:
    clock.advance(timedelta(minutes=59))
    assert client.get(PROFILE, headers=as_ada).status_code == 200

    clock.advance(timedelta(minutes=1))

    assert_error(client.get(PROFILE, headers=as_ada), 401)


# Logout ----------------------------------------------------------------------


def test_logout_answers_the_seed_message_and_the_refresh_token_is_then_refused(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody, as_ada: Headers
) -> None:
    response = client.post(LOGOUT, headers=as_ada, json={"refresh": ada["refresh"]})

    assert response.status_code == 200
    assert response.get_json() == {"message": "Successfully logged out"}
    assert_error(client.post(REFRESH, json={"refresh": ada["refresh"]}), 401)


def test_logout_revokes_the_rotated_refresh_tokens_of_that_login(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody, as_ada: Headers
) -> None:
    rotated = client.post(REFRESH, json={"refresh": ada["refresh"]}).get_json()

    client.post(LOGOUT, headers=as_ada, json={"refresh": rotated["refresh"]})

    assert_error(client.post(REFRESH, json={"refresh": rotated["refresh"]}), 401)


def test_logout_ends_the_access_tokens_of_that_login_only(
    client: FlaskClient,
    assert_error: AssertError,
    ada: JsonBody,
    as_ada: Headers,
    bearer: Callable[[JsonBody], Headers],
) -> None:
    other_device = client.post(LOGIN, json={"username": "ada", "password": PASSWORD}).get_json()

    client.post(LOGOUT, headers=as_ada, json={"refresh": ada["refresh"]})

    assert_error(client.get(PROFILE, headers=as_ada), 401)
    assert client.get(PROFILE, headers=bearer(other_device)).status_code == 200


def test_logout_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, ada: JsonBody
) -> None:
    response = client.post(LOGOUT, json={"refresh": ada["refresh"]})

    assert_error(response, 401, code="authentication_failed")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post(REFRESH, json={"refresh": ada["refresh"]}).status_code == 200


def test_logout_with_someone_elses_refresh_token_is_a_401_and_leaves_it_working(
    client: FlaskClient,
    assert_error: AssertError,
    ada: JsonBody,
    bob: JsonBody,
    as_ada: Headers,
) -> None:
    response = client.post(LOGOUT, headers=as_ada, json={"refresh": bob["refresh"]})

    assert_error(response, 401, field="refresh")
    assert client.post(REFRESH, json={"refresh": bob["refresh"]}).status_code == 200


def test_logout_without_a_refresh_token_is_a_400_naming_refresh(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers
) -> None:
    assert_error(client.post(LOGOUT, headers=as_ada, json={}), 400, field="refresh")


# Profile ---------------------------------------------------------------------


def test_profile_shows_every_documented_key(
    client: FlaskClient, ada: JsonBody, as_ada: Headers, seed_time: Callable[..., str]
) -> None:
    response = client.get(PROFILE, headers=as_ada)

    assert response.status_code == 200
    assert response.get_json() == {
        "id": ada["user"]["id"],
        "username": "ada",
        "email": "ada@example.org",
        "first_name": "Ada",
        "last_name": "Tester",
        "bio": "",
        "avatar": None,
        "date_joined": seed_time(),
        "last_login": None,
    }


def test_profile_last_login_is_the_time_of_the_latest_login(
    client: FlaskClient,
    clock: FixedClock,
    ada: JsonBody,
    password: str,
    as_ada: Headers,
    seed_time: Callable[..., str],
) -> None:
    clock.advance(timedelta(minutes=30))
    client.post(LOGIN, json={"username": "ada", "password": password})

    profile = client.get(PROFILE, headers=as_ada).get_json()

    assert profile["last_login"] == seed_time(minutes=30)
    assert profile["date_joined"] == seed_time()


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer not-a-jwt", "Basic YWRhOng="])
def test_profile_without_a_valid_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get(PROFILE, headers=headers)

    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_profile_put_with_json_changes_the_given_fields_and_keeps_the_rest(
    client: FlaskClient, ada: JsonBody, as_ada: Headers, seed_time: Callable[..., str]
) -> None:
    response = client.put(PROFILE, headers=as_ada, json={"last_name": "Lovelace", "bio": "Analyst"})

    assert response.status_code == 200
    body = response.get_json()
    assert {
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "bio",
        "avatar",
        "date_joined",
    } <= set(body)
    assert body["first_name"] == "Ada"
    assert body["last_name"] == "Lovelace"
    assert body["bio"] == "Analyst"
    assert body["date_joined"] == seed_time()
    assert client.get(PROFILE, headers=as_ada).get_json()["bio"] == "Analyst"


def test_profile_put_cannot_change_username_or_email(client: FlaskClient, as_ada: Headers) -> None:
    response = client.put(
        PROFILE, headers=as_ada, json={"username": "root", "email": "root@example.org"}
    )

    assert response.status_code == 200
    profile = client.get(PROFILE, headers=as_ada).get_json()
    assert (profile["username"], profile["email"]) == ("ada", "ada@example.org")


@pytest.mark.parametrize(
    ("field", "value"), [("bio", "b" * 2001), ("first_name", 3), ("last_name", "l" * 151)]
)
def test_profile_put_with_an_invalid_value_is_a_400_naming_the_field_and_changes_nothing(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, field: str, value: Any
) -> None:
    before = client.get(PROFILE, headers=as_ada).get_json()

    response = client.put(PROFILE, headers=as_ada, json={"bio": "new", field: value})

    assert_error(response, 400, field=field)
    assert client.get(PROFILE, headers=as_ada).get_json() == before


def test_profile_put_multipart_stores_the_avatar_and_serves_it_back_under_media(
    client: FlaskClient, as_ada: Headers
) -> None:
    response = client.put(
        PROFILE,
        headers=as_ada,
        data={"bio": "With a face", "avatar": (io.BytesIO(PNG), "me.png")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["bio"] == "With a face"
    assert body["avatar"].startswith("http://localhost/media/")
    image = client.get(body["avatar"])
    assert image.status_code == 200
    assert image.data == PNG
    assert client.get(PROFILE, headers=as_ada).get_json()["avatar"] == body["avatar"]


def test_profile_put_with_a_non_image_avatar_is_a_400_naming_avatar(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers
) -> None:
    response = client.put(
        PROFILE,
        headers=as_ada,
        data={"avatar": (io.BytesIO(b"just text"), "notes.txt")},
        content_type="multipart/form-data",
    )

    assert_error(response, 400, field="avatar")
    assert client.get(PROFILE, headers=as_ada).get_json()["avatar"] is None
