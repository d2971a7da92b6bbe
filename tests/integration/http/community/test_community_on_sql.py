"""The community journey on SQLite and PostgreSQL: sign in with Google, post an event,
comment, like, show interest (seen by ticketing as `Interested`), group up; and bad
input changes no row."""

from __future__ import annotations

import attrs
from community_api import API, CLIENT_ID
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from eventcore.adapters.google.verifier import GoogleAuthVerifier
from eventcore.adapters.sqlalchemy.tables import metadata
from eventcore.bootstrap import Core
from eventcore.domain.users import Registration, Role
from eventcore.http.app import create_app
from eventcore.settings import Settings
from eventcore.usecases import accounts
from support.constants import PASSWORD
from support.google_standin import GoogleStandIn


def _app(sql_core: Core, google: GoogleStandIn) -> Core:
    quiet: Settings = attrs.evolve(
        sql_core.settings,
        rate_limit="off",
        login_rate_limit="off",
        surfaces={"community": "/community", "ticketing": "/ticketing"},
    )
    verifier = GoogleAuthVerifier([CLIENT_ID], google.certs_url)
    return attrs.evolve(sql_core, settings=quiet, google=verifier)


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }


def _sign_in(client: FlaskClient, google: GoogleStandIn, sub: str, email: str) -> int:
    response = client.post(f"{API}/auth", json={"token": google.mint(sub=sub, email=email)})
    assert response.status_code == 200, response.get_json()
    user_id: int = response.get_json()["data"]["id"]
    return user_id


def test_the_community_journey_and_interest_seen_by_ticketing(
    sql_core: Core, sql_engine: Engine, google: GoogleStandIn
) -> None:
    core = _app(sql_core, google)
    app = create_app(core)
    ada, bob = app.test_client(), app.test_client()
    ada_id = _sign_in(ada, google, "11", "ada@example.org")
    bob_id = _sign_in(bob, google, "22", "bob@example.org")
    assert _sign_in(ada, google, "11", "changed@example.org") == ada_id

    event = ada.post(
        f"{API}/events",
        json={"title": "Meetup", "start_date": "2030-09-21", "start_time": "18:00:00"},
    ).get_json()["data"]
    comment = bob.post(f"{API}/events/{event['id']}/comments", json={"body": "Count me in"})
    comment_id = comment.get_json()["data"]["id"]
    assert (
        bob.post(f"{API}/comments/{comment_id}/images", json={"image_url": "u"}).status_code == 201
    )
    assert ada.post(f"{API}/comments/{comment_id}/likes").get_json() == {
        "message": "Liked",
        "data": 1,
    }
    assert bob.post(f"{API}/comments/{comment_id}/likes").get_json()["data"] == 2
    assert ada.post(f"{API}/comments/{comment_id}/likes").get_json() == {
        "message": "UnLiked",
        "data": 1,
    }
    interest = bob.post(f"{API}/users/{bob_id}/interests/{event['id']}")
    assert interest.get_json()["message"] == "Interest registered."

    group_id = ada.post(f"{API}/groups", json={"title": "Friends"}).get_json()["data"]["id"]
    assert bob.post(f"{API}/groups/{group_id}/members/{bob_id}").status_code == 200
    assert bob.post(f"{API}/groups/{group_id}/members/{bob_id}").status_code == 403
    assert ada.get(f"{API}/groups/{group_id}").get_json()["data"]["members"] == [ada_id, bob_id]

    # Ticketing sees the same event, the Google users, and the interest.
    accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="root@example.org", password=PASSWORD, role=Role.ADMIN),
    )
    ticketing = app.test_client()
    token = ticketing.post(
        "/ticketing/api/users/login", json={"email": "root@example.org", "password": PASSWORD}
    ).get_json()["token"]
    staff = {"Authorization": f"Bearer {token}"}
    emails = {
        u["email"] for u in ticketing.get("/ticketing/api/users", headers=staff).get_json()["users"]
    }
    assert {"ada@example.org", "bob@example.org"} <= emails
    attendees = ticketing.get(f"/ticketing/api/events/{event['id']}/attendees", headers=staff)
    assert attendees.status_code == 200, attendees.get_json()
    assert [(a["user_id"], a["status"]) for a in attendees.get_json()["attendees"]] == [
        (bob_id, "Interested")
    ]

    before = _row_counts(sql_engine)
    for refused in (
        ada.post(f"{API}/events", json={"title": "No date"}),
        ada.post(f"{API}/events", data="{", content_type="application/json"),
        ada.put(f"{API}/events/{event['id']}", json={"start_date": "2030-02-30"}),
        bob.put(f"{API}/events/{event['id']}", json={"title": "Mine"}),
        bob.post(f"{API}/events/{event['id']}/comments", json={"body": ""}),
        ada.post(f"{API}/groups", json={}),
        ada.post(f"{API}/auth", json={"token": google.mint(aud="other")}),
        ada.post(f"{API}/groups", json={"title": "x"}, headers={"Origin": "https://evil.example"}),
    ):
        assert 400 <= refused.status_code < 500, refused.get_json()
        assert set(refused.get_json()) == {"error", "message"}
    assert _row_counts(sql_engine) == before

    assert ada.delete(f"{API}/events/{event['id']}").status_code == 204
    assert ada.post(f"{API}/auth/logout").status_code == 204
    assert ada.get(f"{API}/auth/@me").status_code == 401
