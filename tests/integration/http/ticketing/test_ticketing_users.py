"""/api/users: login, registration with access types, list, read, change, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest
from flask.testing import FlaskClient
from ticketing_api import API, PASSWORD, USER_KEYS, Headers, JsonBody, Tables

from eventcore.bootstrap import Core
from eventcore.domain.users import User
from eventcore.usecases import accounts

Refused = Callable[..., None]
Snapshot = Callable[[], Tables]


def _new_user(**overrides: Any) -> JsonBody:
    return {
        "username": "febiBuffay",
        "first_name": "Febi",
        "last_name": "Buffay",
        "email": "friends@gmail.com",
        "age": 28,
        "gender": "Female",
        "avatar": "febi_avatar.img",
        "password": PASSWORD,
        **overrides,
    }


# Login -----------------------------------------------------------------------


def test_login_answers_a_jwt_naming_the_user(client: FlaskClient, user: User) -> None:
    response = client.post(f"{API}/users/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert set(response.get_json()) == {"token"}
    claims = jwt.decode(response.get_json()["token"], options={"verify_signature": False})
    assert claims["sub"] == str(user.id)
    assert claims["typ"] == "access"


def test_login_takes_the_email_in_any_case(client: FlaskClient, user: User) -> None:
    response = client.post(
        f"{API}/users/login", json={"email": "FEBI@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"email": "febi@example.org"}, {"password": PASSWORD}, {"email": "", "password": ""}],
)
def test_login_without_email_or_password_is_refused(
    client: FlaskClient, refused: Refused, user: User, body: JsonBody
) -> None:
    refused(client.post(f"{API}/users/login", json=body), 400, "Email and password are required")


def test_login_with_a_wrong_password_is_401(
    client: FlaskClient, refused: Refused, user: User
) -> None:
    response = client.post(
        f"{API}/users/login", json={"email": user.email, "password": "not the password"}
    )
    refused(response, 401, "Invalid password")


def test_login_with_an_unknown_email_is_404(client: FlaskClient, refused: Refused) -> None:
    response = client.post(
        f"{API}/users/login", json={"email": "nobody@example.org", "password": PASSWORD}
    )
    refused(response, 404, "User not found")


def test_a_disabled_account_cannot_log_in(
    client: FlaskClient, core: Core, refused: Refused, user: User
) -> None:
    accounts.set_active(core.uow(), core.clock, user.id, False)
    response = client.post(f"{API}/users/login", json={"email": user.email, "password": PASSWORD})
    refused(response, 401, "This account is disabled")


# Registration ----------------------------------------------------------------


def test_anyone_registers_an_ordinary_user_and_never_sees_a_password(
    client: FlaskClient, seed_time: Callable[..., str]
) -> None:
    response = client.post(f"{API}/users", json=_new_user())
    assert response.status_code == 201
    assert response.get_json() == {
        "newUser": {
            "id": 1,
            "username": "febiBuffay",
            "first_name": "Febi",
            "last_name": "Buffay",
            "email": "friends@gmail.com",
            "age": 28,
            "gender": "Female",
            "access_type": "User",
            "avatar": "febi_avatar.img",
            "created_at": seed_time(),
            "updated_at": seed_time(),
        }
    }
    assert "password" not in response.get_data(as_text=True)


def test_a_registered_user_logs_in(client: FlaskClient) -> None:
    client.post(f"{API}/users", json=_new_user())
    response = client.post(
        f"{API}/users/login", json={"email": "friends@gmail.com", "password": PASSWORD}
    )
    assert response.status_code == 200


def test_gender_and_access_type_are_read_in_any_case(client: FlaskClient) -> None:
    response = client.post(f"{API}/users", json=_new_user(gender="female", access_type="user"))
    assert response.status_code == 201
    assert response.get_json()["newUser"]["gender"] == "Female"
    assert response.get_json()["newUser"]["access_type"] == "User"


def test_only_email_and_password_are_needed(client: FlaskClient) -> None:
    response = client.post(f"{API}/users", json={"email": "ross@example.org", "password": PASSWORD})
    assert response.status_code == 201
    created = response.get_json()["newUser"]
    assert created["username"] == "ross"
    assert created["access_type"] == "User"


@pytest.mark.parametrize("access_type", ["Admin", "Moderator"])
def test_asking_for_staff_access_anonymously_is_403_and_creates_nobody(
    client: FlaskClient, refused: Refused, snapshot: Snapshot, access_type: str
) -> None:
    before = snapshot()
    response = client.post(f"{API}/users", json=_new_user(access_type=access_type))
    refused(response, 403, "Access denied: only an admin can create moderators and admins")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["as_user", "as_moderator"])
def test_only_an_admin_grants_staff_access(
    client: FlaskClient, refused: Refused, request: pytest.FixtureRequest, who: str
) -> None:
    headers: Headers = request.getfixturevalue(who)
    response = client.post(f"{API}/users", headers=headers, json=_new_user(access_type="Admin"))
    refused(response, 403, "Access denied: only an admin can create moderators and admins")


@pytest.mark.parametrize("access_type", ["Admin", "Moderator", "User"])
def test_an_admin_creates_users_of_every_access_type(
    client: FlaskClient, as_admin: Headers, access_type: str
) -> None:
    response = client.post(
        f"{API}/users", headers=as_admin, json=_new_user(access_type=access_type)
    )
    assert response.status_code == 201
    assert response.get_json()["newUser"]["access_type"] == access_type


def test_registering_with_an_invalid_token_is_401(client: FlaskClient, refused: Refused) -> None:
    response = client.post(
        f"{API}/users", headers={"Authorization": "Bearer nonsense"}, json=_new_user()
    )
    refused(response, 401, "Invalid or expired token")


def test_an_email_in_use_is_refused(
    client: FlaskClient, refused: Refused, snapshot: Snapshot
) -> None:
    client.post(f"{API}/users", json=_new_user())
    before = snapshot()
    response = client.post(
        f"{API}/users", json=_new_user(username="other", email="Friends@Gmail.com")
    )
    refused(response, 400, "Email is already in use")
    assert snapshot() == before


def test_a_username_in_use_is_refused(client: FlaskClient, refused: Refused) -> None:
    client.post(f"{API}/users", json=_new_user())
    response = client.post(f"{API}/users", json=_new_user(email="other@example.org"))
    refused(response, 400, "Username is already in use")


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        (
            "gender",
            "Robot",
            "gender must be one of Female, Male, Non-binary, Other, Prefer not to say",
        ),
        ("age", -1, "age must be between 0 and 150"),
        ("age", "28", "age must be a whole number"),
        ("access_type", "Superuser", "access_type must be one of Admin, Moderator, User"),
        ("email", "not-an-email", "email must be a valid email address"),
        ("email", None, "email may not be null"),
        ("password", "short", "password must have between 8 and 1024 characters"),
        ("username", "two words", "username may contain only letters, digits and . + - _"),
    ],
)
def test_invalid_user_fields_are_named_in_plain_words_and_create_nobody(
    client: FlaskClient,
    refused: Refused,
    snapshot: Snapshot,
    field: str,
    value: object,
    text: str,
) -> None:
    before = snapshot()
    refused(
        client.post(f"{API}/users", json=_new_user(**{field: value})), 400, f"Bad Request: {text}"
    )
    assert snapshot() == before


@pytest.mark.parametrize("missing", ["email", "password"])
def test_email_and_password_are_required_to_register(
    client: FlaskClient, refused: Refused, missing: str
) -> None:
    body = _new_user()
    del body[missing]
    refused(client.post(f"{API}/users", json=body), 400, f"Bad Request: {missing} is required")


# Listing and reading ---------------------------------------------------------


def test_listing_users_needs_a_token(client: FlaskClient, refused: Refused) -> None:
    refused(client.get(f"{API}/users"), 401, "Token missing")


def test_an_invalid_token_is_refused(client: FlaskClient, refused: Refused) -> None:
    refused(
        client.get(f"{API}/users", headers={"Authorization": "Bearer x.y.z"}),
        401,
        "Invalid or expired token",
    )


@pytest.mark.parametrize("who", ["as_user", "as_moderator"])
def test_only_admins_list_users(
    client: FlaskClient, refused: Refused, request: pytest.FixtureRequest, who: str
) -> None:
    response = client.get(f"{API}/users", headers=request.getfixturevalue(who))
    refused(response, 403, "Access denied: only an admin can list every user")


def test_an_admin_lists_every_user_without_passwords(
    client: FlaskClient, as_admin: Headers, user: User, moderator: User
) -> None:
    response = client.get(f"{API}/users", headers=as_admin)
    assert response.status_code == 200
    listed = response.get_json()["users"]
    assert [(u["username"], u["access_type"]) for u in listed] == [
        ("root", "Admin"),
        ("febi", "User"),
        ("mona", "Moderator"),
    ]
    assert all(set(u) == USER_KEYS for u in listed)
    assert "password" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["as_user", "as_moderator", "as_admin"])
def test_every_signed_in_user_reads_a_user(
    client: FlaskClient, request: pytest.FixtureRequest, user: User, who: str
) -> None:
    response = client.get(f"{API}/users/{user.id}", headers=request.getfixturevalue(who))
    assert response.status_code == 200
    body = response.get_json()["user"]
    assert set(body) == USER_KEYS
    assert (body["id"], body["username"], body["first_name"]) == (user.id, "febi", "Febi")


def test_reading_a_user_needs_a_token(client: FlaskClient, refused: Refused, user: User) -> None:
    refused(client.get(f"{API}/users/{user.id}"), 401, "Token missing")


@pytest.mark.parametrize("bad_id", ["abc", "1.5", "-1", "99999999999999999999"])
def test_a_user_id_that_is_not_a_number_is_bad_request(
    client: FlaskClient, refused: Refused, as_user: Headers, bad_id: str
) -> None:
    refused(client.get(f"{API}/users/{bad_id}", headers=as_user), 400, "Bad Request")


def test_an_unknown_user_is_404(client: FlaskClient, refused: Refused, as_user: Headers) -> None:
    refused(client.get(f"{API}/users/999", headers=as_user), 404, "User not found")


# Changing --------------------------------------------------------------------


def test_a_user_changes_their_own_details(
    client: FlaskClient, as_user: Headers, user: User
) -> None:
    response = client.patch(
        f"{API}/users/{user.id}",
        headers=as_user,
        json={
            "first_name": "Dereck",
            "avatar": "new_updated_avatar.png",
            "gender": "other",
            "age": 29,
        },
    )
    assert response.status_code == 200
    updated = response.get_json()["updatedUser"]
    assert set(updated) == USER_KEYS
    assert (updated["first_name"], updated["avatar"], updated["gender"], updated["age"]) == (
        "Dereck",
        "new_updated_avatar.png",
        "Other",
        29,
    )
    assert client.get(f"{API}/users/{user.id}", headers=as_user).get_json()["user"] == updated


def test_a_changed_email_is_the_new_login(
    client: FlaskClient, as_user: Headers, user: User
) -> None:
    client.patch(f"{API}/users/{user.id}", headers=as_user, json={"email": "new@example.org"})
    response = client.post(
        f"{API}/users/login", json={"email": "new@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["as_other", "as_moderator", "as_admin"])
def test_nobody_changes_another_users_account(
    client: FlaskClient,
    refused: Refused,
    request: pytest.FixtureRequest,
    user: User,
    snapshot: Snapshot,
    who: str,
) -> None:
    headers = request.getfixturevalue(who)
    before = snapshot()
    response = client.patch(
        f"{API}/users/{user.id}", headers=headers, json={"first_name": "Mallory"}
    )
    refused(response, 403, "Access denied: you can only change or delete your own account")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"colour": "blue"}, "colour is not a field you can change"),
        ({"password": "new password!"}, "password is not a field you can change"),
        ({"id": 5}, "id is not a field you can change"),
        (
            {"gender": "Robot"},
            "gender must be one of Female, Male, Non-binary, Other, Prefer not to say",
        ),
        ({"age": 151}, "age must be between 0 and 150"),
        ({"first_name": None}, "first_name may not be null"),
        ({}, "Give at least one field to change"),
    ],
)
def test_invalid_changes_are_refused_and_change_nothing(
    client: FlaskClient,
    refused: Refused,
    as_user: Headers,
    user: User,
    snapshot: Snapshot,
    body: JsonBody,
    text: str,
) -> None:
    before = snapshot()
    refused(
        client.patch(f"{API}/users/{user.id}", headers=as_user, json=body),
        400,
        f"Bad Request: {text}",
    )
    assert snapshot() == before


def test_changing_to_an_email_in_use_is_refused(
    client: FlaskClient, refused: Refused, as_user: Headers, user: User, other: User
) -> None:
    response = client.patch(f"{API}/users/{user.id}", headers=as_user, json={"email": other.email})
    refused(response, 400, "Email is already in use")


def test_a_user_cannot_make_themselves_admin(
    client: FlaskClient, refused: Refused, as_user: Headers, user: User
) -> None:
    response = client.patch(
        f"{API}/users/{user.id}", headers=as_user, json={"access_type": "Admin"}
    )
    refused(response, 403, "Access denied: only an admin can create moderators and admins")


def test_sending_back_ones_own_access_type_changes_nothing(
    client: FlaskClient, as_user: Headers, user: User
) -> None:
    response = client.patch(
        f"{API}/users/{user.id}", headers=as_user, json={"access_type": "User", "last_name": "B."}
    )
    assert response.status_code == 200
    assert response.get_json()["updatedUser"]["access_type"] == "User"


def test_an_admin_may_step_down(client: FlaskClient, as_admin: Headers, admin: User) -> None:
    response = client.patch(
        f"{API}/users/{admin.id}", headers=as_admin, json={"access_type": "User"}
    )
    assert response.get_json()["updatedUser"]["access_type"] == "User"
    assert client.get(f"{API}/users", headers=as_admin).status_code == 403


def test_changing_an_unknown_user_is_404(
    client: FlaskClient, refused: Refused, as_user: Headers
) -> None:
    refused(
        client.patch(f"{API}/users/999", headers=as_user, json={"first_name": "X"}),
        404,
        "User not found",
    )


def test_changing_needs_a_token(client: FlaskClient, refused: Refused, user: User) -> None:
    refused(client.patch(f"{API}/users/{user.id}", json={"first_name": "X"}), 401, "Token missing")


# Deleting --------------------------------------------------------------------


def test_a_user_deletes_their_own_account(
    client: FlaskClient, refused: Refused, as_user: Headers, user: User, as_admin: Headers
) -> None:
    response = client.delete(f"{API}/users/{user.id}", headers=as_user)
    assert response.status_code == 200
    erased = response.get_json()["erasedUser"]
    assert set(erased) == USER_KEYS
    assert erased["id"] == user.id
    refused(client.get(f"{API}/users/{user.id}", headers=as_admin), 404, "User not found")
    refused(
        client.post(f"{API}/users/login", json={"email": user.email, "password": PASSWORD}),
        404,
        "User not found",
    )
    refused(client.get(f"{API}/users/{user.id}", headers=as_user), 401, "Invalid token")


@pytest.mark.parametrize("who", ["as_other", "as_moderator", "as_admin"])
def test_nobody_deletes_another_users_account(
    client: FlaskClient,
    refused: Refused,
    request: pytest.FixtureRequest,
    user: User,
    snapshot: Snapshot,
    who: str,
) -> None:
    headers = request.getfixturevalue(who)
    before = snapshot()
    refused(
        client.delete(f"{API}/users/{user.id}", headers=headers),
        403,
        "Access denied: you can only change or delete your own account",
    )
    assert snapshot() == before


def test_deleting_an_unknown_or_malformed_user_id(
    client: FlaskClient, refused: Refused, as_user: Headers
) -> None:
    refused(client.delete(f"{API}/users/999", headers=as_user), 404, "User not found")
    refused(client.delete(f"{API}/users/abc", headers=as_user), 400, "Bad Request")


def test_deleting_needs_a_token(client: FlaskClient, refused: Refused, user: User) -> None:
    refused(client.delete(f"{API}/users/{user.id}"), 401, "Token missing")


def test_an_account_that_owns_events_is_not_deleted(
    client: FlaskClient,
    refused: Refused,
    as_moderator: Headers,
    moderator: User,
    create_event: Callable[..., JsonBody],
    snapshot: Snapshot,
) -> None:
    create_event()
    before = snapshot()
    refused(
        client.delete(f"{API}/users/{moderator.id}", headers=as_moderator),
        409,
        "This account still owns 1 event; they must be deleted before the account",
    )
    assert snapshot() == before


def test_deleting_an_account_frees_its_tickets(
    client: FlaskClient,
    as_user: Headers,
    user: User,
    create_event: Callable[..., JsonBody],
    attend: Callable[..., Any],
    tickets_left: Callable[[int], int | None],
) -> None:
    event = create_event(capacity=3, tickets_remaining=3)
    attend(event["id"], as_user)
    assert tickets_left(event["id"]) == 2
    client.delete(f"{API}/users/{user.id}", headers=as_user)
    assert tickets_left(event["id"]) == 3
