"""GatherHub tasks and votes over the real databases: the whole journey, and path ids
no database integer can hold."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import Core
from eventcore.http.app import create_app
from eventcore.settings import Settings
from support.constants import PASSWORD
from support.cores import fast_sql_core

HUGE_ID = "99999999999999999999999"


@pytest.fixture
def sql_client(sql_core: Core) -> FlaskClient:
    return create_app(sql_core).test_client()


def sign_up(client: FlaskClient, name: str) -> tuple[dict[str, str], int]:
    response = client.post(
        "/api/v1/auth/register/",
        json={"username": name, "email": f"{name}@example.org", "password": PASSWORD},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return {"Authorization": f"Bearer {body['access']}"}, body["user"]["id"]


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def test_tasks_and_votes_work_end_to_end_on_the_database(sql_client: FlaskClient) -> None:
    (ada, _), (bob, bob_id) = sign_up(sql_client, "ada"), sign_up(sql_client, "bob")
    event = ok(
        sql_client.post(
            "/api/v1/events/", headers=ada, json={"title": "Picnic", "date": "2030-06-01T12:00:00Z"}
        ),
        201,
    )
    ok(sql_client.post(f"/api/v1/events/{event['id']}/join/", headers=bob))

    task = ok(
        sql_client.post(
            "/api/v1/tasks/",
            headers=ada,
            json={"title": "Chairs", "event": event["id"], "due_date": "2030-05-31T12:00:00Z"},
        ),
        201,
    )
    assigned = ok(
        sql_client.post(
            f"/api/v1/tasks/{task['id']}/assign/", headers=ada, json={"assignee": bob_id}
        )
    )
    assert assigned["task"]["assignee"] == {"id": bob_id, "username": "bob"}
    done = ok(sql_client.post(f"/api/v1/tasks/{task['id']}/complete/", headers=bob))
    assert done["task"]["status"] == "completed"
    listed = ok(sql_client.get(f"/api/v1/tasks/?assignee={bob_id}&status=completed", headers=ada))
    assert [t["id"] for t in listed["results"]] == [task["id"]]

    vote = ok(
        sql_client.post(
            "/api/v1/voting/",
            headers=ada,
            json={
                "title": "Lunch",
                "event": event["id"],
                "ends_at": "2030-05-30T12:00:00Z",
                "options": [{"text": "Pizza"}, {"text": "Sushi"}],
                "multiple_choice": True,
            },
        ),
        201,
    )
    pizza, sushi = (option["id"] for option in vote["options"])
    cast = ok(
        sql_client.post(
            f"/api/v1/voting/{vote['id']}/vote/", headers=bob, json={"options": [sushi, pizza]}
        )
    )
    assert cast["vote"]["user_vote"]["option_ids"] == [pizza, sushi]
    again = sql_client.post(
        f"/api/v1/voting/{vote['id']}/vote/", headers=bob, json={"options": [pizza]}
    )
    assert (again.status_code, again.get_json()["error"]) == (400, "already_voted")
    ok(
        sql_client.post(
            f"/api/v1/voting/{vote['id']}/vote/", headers=ada, json={"options": [sushi]}
        )
    )
    results = ok(sql_client.get(f"/api/v1/voting/{vote['id']}/results/", headers=bob))
    assert [(r["vote_count"], r["percentage"]) for r in results["results"]] == [
        (1, 50.0),
        (2, 100.0),
    ]
    assert results["winner"] == {"option_id": sushi, "text": "Sushi"}

    detail = ok(sql_client.get(f"/api/v1/events/{event['id']}/", headers=bob))
    assert detail["tasks"] == [{"id": task["id"], "title": "Chairs", "status": "completed"}]
    assert detail["votes"] == [{"id": vote["id"], "title": "Lunch", "status": "active"}]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/tasks/{HUGE_ID}/",
        f"/api/v1/voting/{HUGE_ID}/",
        f"/api/v1/voting/{HUGE_ID}/results/",
    ],
)
def test_a_path_id_past_64_bits_is_a_404_not_a_database_error(
    sql_client: FlaskClient, path: str
) -> None:
    headers, _ = sign_up(sql_client, "ada")
    response = sql_client.get(path, headers=headers)
    assert (response.status_code, response.get_json()["error"]) == (404, "not_found")


def test_an_event_path_id_past_64_bits_is_a_404_on_sqlite(sqlite_url: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=sqlite_url,
        secret_key=secrets.token_hex(32),
        instance_dir=tmp_path,
        media_dir=tmp_path / "media",
    )
    core = fast_sql_core(settings)
    try:
        client = create_app(core).test_client()
        headers, _ = sign_up(client, f"probe{secrets.token_hex(4)}")
        response = client.get(f"/api/v1/events/{HUGE_ID}/", headers=headers)
    finally:
        core.close()
    assert response.status_code == 404
