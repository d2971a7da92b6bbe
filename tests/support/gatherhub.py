"""Signing up on GatherHub from tests that build their own app (and so cannot use the
HTTP suites' `register` fixture)."""

from __future__ import annotations

from flask.testing import FlaskClient

from eventcore.domain.ids import UserId
from support.constants import PASSWORD


def sign_up(client: FlaskClient, username: str) -> tuple[UserId, dict[str, str]]:
    """Register `username`; their id and the headers carrying their access token."""
    response = client.post(
        "/api/v1/auth/register/",
        json={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    return UserId(body["user"]["id"]), {"Authorization": f"Bearer {body['access']}"}
