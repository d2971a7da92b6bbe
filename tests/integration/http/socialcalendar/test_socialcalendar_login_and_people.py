"""SocialCalendar (seed 002) on memory, SQLite and PostgreSQL: POST /login, /logout,
/user, /search/users, /load_icon, /friends and /friend; anonymous callers get 401."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from socialcalendar_api import API, Person, befriend, id_token

from eventcore.core import Core

SESSION_ENDPOINTS = [
    ("GET", "/user"),
    ("GET", "/search/users?filtered_str=a"),
    ("GET", "/events?year=2030&month=11"),
    ("GET", "/event?id=1"),
    ("POST", "/event"),
    ("PUT", "/event"),
    ("DELETE", "/event?id=1"),
    ("DELETE", "/event/group/leave?id=1"),
    ("GET", "/chats"),
    ("GET", "/chat?id=1"),
    ("POST", "/chat/msg"),
    ("PUT", "/chat/msg"),
    ("DELETE", "/chat/msg?id=1"),
    ("GET", "/friends"),
    ("GET", "/friend?id=1"),
    ("DELETE", "/friend?id=1"),
    ("GET", "/invites"),
    ("POST", "/invite"),
    ("DELETE", "/invite?id=1&action=accept"),
]


@pytest.mark.parametrize(("method", "path"), SESSION_ENDPOINTS)
def test_anonymous_callers_get_401_and_nobody_s_data(
    client: FlaskClient, ada: Person, refused: Callable[..., Any], method: str, path: str
) -> None:
    ada.create()
    response = client.open(f"{API}{path}", method=method, json={})
    refused(response, 401)


def test_a_google_id_token_signs_in_with_a_session_cookie(app: Flask, core: Core) -> None:
    browser = app.test_client()
    response = browser.post(
        f"{API}/login", json={"token": id_token(core, "g-1", "Ada@Example.org", "Ada")}
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "id": response.get_json()["id"],
        "google_id": "g-1",
        "name": "Ada",
        # The domain is case-insensitive; the mailbox part is kept as given.
        "email": "Ada@example.org",
        "profile_pic": None,
        "birthday": None,
        "event_id_list": [],
        "friend_id_list": [],
        "chat_id_list": [],
        "invite_id_list": [],
    }
    cookie = response.headers["Set-Cookie"]
    assert "socialcalendar_session=" in cookie
    assert "HttpOnly" in cookie
    assert "Path=/socialcalendar" in cookie
    assert browser.get(f"{API}/user").get_json()["google_id"] == "g-1"


def test_the_same_google_account_is_the_same_user_here_and_on_community(
    app: Flask, core: Core
) -> None:
    token = id_token(core, "g-7", "bob@example.org", "Bob")
    here = app.test_client().post(f"{API}/login", json={"token": token}).get_json()
    again = app.test_client().post(f"{API}/login", json={"token": token}).get_json()
    community = app.test_client().post("/community/api/auth", json={"token": token}).get_json()

    assert here["id"] == again["id"] == str(community["data"]["id"])


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 400), ({"token": ""}, 400), ({"token": "not.a.token"}, 401), ([], 400)],
)
def test_a_missing_or_untrusted_token_logs_nobody_in(
    client: FlaskClient, refused: Callable[..., Any], body: Any, status: int
) -> None:
    response = client.post(f"{API}/login", json=body)

    refused(response, status)
    assert "Set-Cookie" not in response.headers
    refused(client.get(f"{API}/user"), 401)


def test_logout_ends_the_session(ada: Person, refused: Callable[..., Any]) -> None:
    cookie = ada.client.get_cookie("socialcalendar_session", path="/socialcalendar")
    assert cookie is not None

    response = ada.get("/logout")

    assert response.status_code == 204
    assert response.data == b""
    refused(ada.get("/user"), 401)
    # The old cookie, presented again, opens nothing: the session is gone server-side.
    ada.client.set_cookie("socialcalendar_session", cookie.value, path="/socialcalendar")
    refused(ada.get("/user"), 401)


def test_a_new_login_gets_a_new_session_and_ends_the_old_one(
    ada: Person, core: Core, refused: Callable[..., Any]
) -> None:
    old = ada.client.get_cookie("socialcalendar_session", path="/socialcalendar")
    assert old is not None
    ada.post("/login", json={"token": id_token(core, "sub-Ada", "ada@example.org")})
    new = ada.client.get_cookie("socialcalendar_session", path="/socialcalendar")
    assert new is not None
    assert new.value != old.value

    ada.client.set_cookie("socialcalendar_session", old.value, path="/socialcalendar")
    refused(ada.get("/user"), 401)


def test_user_lists_the_callers_events_friends_chats_and_invites(
    ada: Person, bob: Person, eve: Person
) -> None:
    event_id = ada.create()
    befriend(ada, bob)
    eve.invite(ada)

    user = ada.get("/user").get_json()

    assert user["event_id_list"] == [event_id]
    assert user["friend_id_list"] == [bob.id]
    chats = ada.get("/chats").get_json()
    assert sorted(user["chat_id_list"]) == sorted(chat["id"] for chat in chats)
    assert len(user["chat_id_list"]) == 2  # the event's chat and the direct one with Bob
    assert len(user["invite_id_list"]) == 1


# --- search ----------------------------------------------------------------------


def test_search_finds_people_by_name_or_email_in_any_case(
    ada: Person, bob: Person, eve: Person
) -> None:
    by_name = ada.get("/search/users?filtered_str=BO")
    by_email = ada.get("/search/users?filtered_str=eve@EXAMPLE")

    assert by_name.status_code == 200
    assert [user["id"] for user in by_name.get_json()] == [bob.id]
    assert [user["name"] for user in by_email.get_json()] == ["Eve"]
    found = by_name.get_json()[0]
    # Someone else's Google id and lists are theirs alone.
    assert found["google_id"] is None
    assert found["chat_id_list"] == found["invite_id_list"] == found["event_id_list"] == []


def test_search_without_a_match_is_204_and_without_a_filter_400(
    ada: Person, refused: Callable[..., Any]
) -> None:
    nothing = ada.get("/search/users?filtered_str=zzz")
    assert nothing.status_code == 204
    assert nothing.data == b""
    refused(ada.get("/search/users"), 400, "filtered_str")
    refused(ada.get("/search/users?filtered_str=%20"), 400, "filtered_str")


# --- icons -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bell.svg", "coctail.svg"])
def test_an_icon_is_an_img_tag_with_the_picture_inlined(client: FlaskClient, name: str) -> None:
    response = client.get(f"{API}/load_icon/{name}")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    found = re.fullmatch(
        r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="[a-z]+">',
        response.get_data(as_text=True),
    )
    assert found is not None
    assert base64.b64decode(found.group(1)).startswith(b"<svg")


@pytest.mark.parametrize(
    "name", ["nothing.svg", "..%2Fauth.py", "%2E%2E%2Ficons.py", "bell.svg.bak", ".svg"]
)
def test_a_name_that_names_no_icon_or_leaves_the_folder_is_404(
    client: FlaskClient, name: str
) -> None:
    response = client.get(f"{API}/load_icon/{name}")

    assert response.status_code == 404
    assert b"import" not in response.data


# --- friends ---------------------------------------------------------------------


def test_friends_are_204_until_an_invite_is_accepted_then_both_ways(
    ada: Person, bob: Person
) -> None:
    assert ada.get("/friends").status_code == 204

    befriend(ada, bob)

    assert [friend["id"] for friend in ada.get("/friends").get_json()] == [bob.id]
    assert bob.get("/friends").get_json() == [
        {
            "id": ada.id,
            "name": "Ada",
            "email": "ada@example.org",
            "profile_pic": None,
            "birthday": None,
        }
    ]


def test_a_friend_shows_with_their_events_and_friends(
    ada: Person, bob: Person, eve: Person
) -> None:
    befriend(ada, bob)
    befriend(bob, eve)
    public = bob.create(is_private="false")
    bob.create(is_private="true")

    friend = ada.get(f"/friend?id={bob.id}")

    assert friend.status_code == 200
    body = friend.get_json()
    assert body["id"] == bob.id
    # Bob's private event is not Ada's to see.
    assert body["event_id_list"] == [public]
    assert sorted(body["friend_id_list"]) == sorted([ada.id, eve.id])


def test_friend_refusals(ada: Person, bob: Person, refused: Callable[..., Any]) -> None:
    refused(ada.get("/friend"), 400, "id")
    refused(ada.get("/friend?id=abc"), 400, "id")
    refused(ada.get(f"/friend?id={bob.id}"), 404)
    refused(ada.delete(f"/friend?id={bob.id}"), 404)
    refused(ada.delete("/friend?id=99999999999999999999"), 400, "id")


def test_unfriending_ends_the_friendship_on_both_sides(
    ada: Person, bob: Person, refused: Callable[..., Any]
) -> None:
    befriend(ada, bob)

    assert bob.delete(f"/friend?id={ada.id}").status_code == 204

    assert ada.get("/friends").status_code == 204
    assert bob.get("/friends").status_code == 204
    refused(ada.get(f"/friend?id={bob.id}"), 404)
