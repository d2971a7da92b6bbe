"""JWTs are bound to the deployment that signed them (its database's installation id, as
the `aud` claim): a token from another deployment that shares the secret key is refused
by GatherHub and ticketing alike, while every worker on the same database accepts it,
and checking the audience costs a request no statement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import Core
from eventcore.http.app import create_app
from eventcore.settings import Settings
from support.constants import PASSWORD
from support.cores import fast_sql_core
from support.databases import migrated_sqlite
from support.statements import counting_statements

PROFILE = "/api/v1/auth/profile/"


def _core_on(url: str, like: Core, folder: Path) -> Core:
    """A core on `url` with the same secret key as `like`, as another host would run."""
    return fast_sql_core(
        Settings(
            database_url=url,
            secret_key=like.settings.secret_key,
            instance_dir=folder,
            media_dir=folder / "media",
        )
    )


@pytest.fixture
def main(sql_core: Core) -> FlaskClient:
    return create_app(sql_core).test_client()


@pytest.fixture
def elsewhere(sql_core: Core, tmp_path: Path) -> Iterator[FlaskClient]:
    """Another deployment: a fresh SQLite database of its own, the same secret key."""
    url = migrated_sqlite(tmp_path / "elsewhere.sqlite3")
    core = _core_on(url, sql_core, tmp_path / "elsewhere")
    yield create_app(core).test_client()
    core.close()


@pytest.fixture
def same_database(sql_core: Core, sql_database_url: str, tmp_path: Path) -> Iterator[FlaskClient]:
    """Another worker of the main deployment: its own core on the same database."""
    core = _core_on(sql_database_url, sql_core, tmp_path / "worker")
    yield create_app(core).test_client()
    core.close()


def register(client: FlaskClient, username: str) -> dict[str, Any]:
    response = client.post(
        "/api/v1/auth/register/",
        json={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
    )
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def ticketing_token(client: FlaskClient, username: str) -> str:
    response = client.post(
        "/ticketing/api/users/login",
        json={"email": f"{username}@example.org", "password": PASSWORD},
    )
    assert response.status_code == 200, response.get_json()
    token: str = response.get_json()["token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_gatherhub_token_from_another_deployment_with_the_same_secret_is_refused(
    main: FlaskClient, elsewhere: FlaskClient
) -> None:
    ada = register(main, "ada")
    mallory = register(elsewhere, "mallory")
    # Both are user 1 of their own database: only the audience tells them apart.
    assert ada["user"]["id"] == mallory["user"]["id"] == 1

    refused = main.get(PROFILE, headers=bearer(mallory["access"]))
    rotated = main.post("/api/v1/auth/refresh/", json={"refresh": mallory["refresh"]})

    assert refused.status_code == 401
    assert refused.get_json()["error"] == "authentication_failed"
    assert rotated.status_code == 401
    assert main.get(PROFILE, headers=bearer(ada["access"])).get_json()["username"] == "ada"
    assert elsewhere.get(PROFILE, headers=bearer(mallory["access"])).status_code == 200


def test_a_ticketing_token_from_another_deployment_with_the_same_secret_is_refused(
    main: FlaskClient, elsewhere: FlaskClient
) -> None:
    register(main, "ada")
    register(elsewhere, "mallory")
    own, foreign = ticketing_token(main, "ada"), ticketing_token(elsewhere, "mallory")

    assert main.get("/ticketing/api/users/1", headers=bearer(own)).status_code == 200
    refused = main.get("/ticketing/api/users/1", headers=bearer(foreign))
    assert (refused.status_code, refused.get_json()) == (401, {"error": "Invalid or expired token"})


def test_every_worker_on_the_same_database_accepts_the_others_tokens(
    main: FlaskClient, same_database: FlaskClient
) -> None:
    ada = register(main, "ada")
    bob = register(same_database, "bob")

    assert same_database.get(PROFILE, headers=bearer(ada["access"])).status_code == 200
    assert main.get(PROFILE, headers=bearer(bob["access"])).status_code == 200
    rotated = same_database.post("/api/v1/auth/refresh/", json={"refresh": ada["refresh"]})
    assert rotated.status_code == 200


def test_a_token_without_the_audience_is_refused(main: FlaskClient, sql_core: Core) -> None:
    """What tokens signed before the audience existed look like: the right key, no `aud`."""
    ada = register(main, "ada")
    claims = jwt.decode(ada["access"], options={"verify_signature": False})
    del claims["aud"]
    unbound = jwt.encode(claims, sql_core.settings.secret_key, algorithm="HS256")

    assert main.get(PROFILE, headers=bearer(unbound)).status_code == 401


def test_checking_the_audience_costs_a_request_no_statement(main: FlaskClient) -> None:
    ada = register(main, "ada")

    with counting_statements() as sent:
        response = main.get(PROFILE, headers=bearer(ada["access"]))

    assert response.status_code == 200
    assert sent, "the profile is read from the database"
    assert not [statement for statement in sent if "installation" in statement]
