"""Forged and misused credentials, each refused with the API's own 401 and nothing
changed: JWTs with no signature, another key, another algorithm, a tampered payload,
an expired one, a refresh token used as an access token and the reverse; an Eventify
token presented for another user."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.core import Core
from support.constants import PASSWORD

JsonBody = dict[str, Any]
PROTECTED = ("/api/v1/events/", "/api/v1/auth/profile/", "/ticketing/api/users")


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


@pytest.fixture
def ada(register: Callable[..., JsonBody]) -> JsonBody:
    return register("ada")


def _refused_everywhere(client: FlaskClient, token: str) -> None:
    for path in PROTECTED:
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (path, response.get_json())


def test_a_real_token_opens_every_protected_path(client: FlaskClient, ada: JsonBody) -> None:
    # The control: what the forgeries below try to do, done properly.
    for path in PROTECTED[:2]:
        headers = {"Authorization": f"Bearer {ada['access']}"}
        assert client.get(path, headers=headers).status_code == 200


def test_an_unsigned_token_is_refused(client: FlaskClient, ada: JsonBody) -> None:
    claims = _claims(ada["access"])
    _refused_everywhere(client, f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.")


def test_a_token_signed_with_another_key_is_refused(client: FlaskClient, ada: JsonBody) -> None:
    forged = jwt.encode(_claims(ada["access"]), "x" * 64, algorithm="HS256")
    _refused_everywhere(client, forged)


def test_a_token_of_another_algorithm_is_refused(client: FlaskClient, ada: JsonBody) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _refused_everywhere(client, jwt.encode(_claims(ada["access"]), pem, algorithm="RS256"))


def test_a_tampered_payload_is_refused(
    client: FlaskClient, ada: JsonBody, register: Callable[..., JsonBody]
) -> None:
    bob = register("bob")
    header, _, signature = ada["access"].split(".")
    claims = {**_claims(ada["access"]), "sub": str(bob["user"]["id"])}
    _refused_everywhere(client, f"{header}.{_b64(claims)}.{signature}")


def test_an_expired_token_is_refused(client: FlaskClient, clock: FixedClock, ada: JsonBody) -> None:
    clock.advance(timedelta(hours=1, seconds=1))
    _refused_everywhere(client, ada["access"])


def test_a_refresh_token_is_no_access_token_and_the_reverse(
    client: FlaskClient, ada: JsonBody
) -> None:
    _refused_everywhere(client, ada["refresh"])
    response = client.post("/api/v1/auth/refresh/", json={"refresh": ada["access"]})
    assert response.status_code == 401


def test_an_eventify_token_of_another_user_is_refused(client: FlaskClient, core: Core) -> None:
    def register(email: str, phone: str) -> str:
        response = client.post(
            "/eventify/api/user/register/",
            json={"email": email, "phone_number": phone, "password": PASSWORD},
        )
        assert response.status_code == 201, response.get_json()
        token: str = response.get_json()["token"]
        return token

    ada_token = register("ada@example.org", "+1234567")
    register("bob@example.org", "+7654321")
    response = client.post(
        "/eventify/api/user/status/", json={"token": ada_token, "username": "bob"}
    )
    assert response.status_code == 401
    assert (
        client.post(
            "/eventify/api/user/status/", json={"token": ada_token, "username": "ada"}
        ).status_code
        == 200
    )
