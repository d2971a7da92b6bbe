"""Numbers and tokens a hostile client sends, on the real databases: a page whose offset
would overflow the database's integers, and access tokens signed with the real key
but naming no user we issued (a huge or padded `sub`, an issue time in the future).
Each is a 4xx in the API's own format, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import Core
from eventcore.http.app import create_app
from eventcore.usecases.tokens import ACCESS
from support.constants import PASSWORD

HUGE_PAGES = [
    "/api/v1/events/?page=461168601842738791&page_size=100",
    "/api/v1/tasks/?page=461168601842738791&page_size=100",
    "/api/v1/voting/?page=461168601842738791&page_size=100",
]


@pytest.fixture
def client(sql_core: Core) -> FlaskClient:
    return create_app(sql_core).test_client()


@pytest.fixture
def bearer(client: FlaskClient) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": PASSWORD},
    )
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['access']}"}


@pytest.mark.parametrize("path", HUGE_PAGES)
def test_a_gatherhub_page_past_any_row_is_a_400_naming_the_page(
    client: FlaskClient, bearer: dict[str, str], path: str
) -> None:
    response = client.get(path, headers=bearer)
    assert response.status_code == 400
    assert response.get_json()["details"] == {"page": ["page is too large."]}


def test_a_ticketing_page_past_any_row_is_a_400_in_its_words(client: FlaskClient) -> None:
    response = client.get("/ticketing/api/events?limit=59&page=288230376151711745")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Bad Request: page is too large"}


def _token(core: Core, sub: str, *, issued_in: timedelta = timedelta(0)) -> dict[str, str]:
    now = core.clock.now()
    token = core.tokens.encode(
        {"sub": sub, "jti": "forged"},
        kind=ACCESS,
        issued_at=now + issued_in,
        expires_at=now + timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("sub", [str(2**63), str(2**31), " 1 ", "01", "+1", "1.0", "-1", ""])
def test_a_token_naming_no_user_we_issued_is_refused(
    client: FlaskClient, sql_core: Core, bearer: dict[str, str], sub: str
) -> None:
    for path in ("/api/v1/events/", "/ticketing/api/users"):
        response = client.get(path, headers=_token(sql_core, sub))
        assert response.status_code == 401, (path, response.get_json())


def test_a_token_issued_in_the_future_is_refused(
    client: FlaskClient, sql_core: Core, bearer: dict[str, str]
) -> None:
    assert client.get("/api/v1/events/", headers=_token(sql_core, "1")).status_code == 200
    later = _token(sql_core, "1", issued_in=timedelta(minutes=10))
    assert client.get("/api/v1/events/", headers=later).status_code == 401
