"""GET /ws/events/?token=<access> on a live in-process server and a memory core: who is
let in, what they hear, and when the server closes the socket."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from simple_websocket import ConnectionClosed

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.http.app import create_app
from eventcore.http.mounting import RouteClash, refuse_clashes
from eventcore.http.websocket import MAX_SOCKETS, MAX_SOCKETS_PER_USER, going_away
from eventcore.settings import Settings
from live_server import in_process
from support.constants import PASSWORD, T0

STAMP = "2027-05-01T12:00:00Z"
Json = dict[str, Any]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def core(clock: FixedClock) -> Core:
    return memory_core(clock=clock)


@pytest.fixture
def app(core: Core) -> Flask:
    return create_app(core)


@pytest.fixture
def base(app: Flask) -> Iterator[str]:
    with in_process(app) as url:
        yield url


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def sign_up(client: FlaskClient) -> Callable[[str], Json]:
    def register(username: str) -> Json:
        response = client.post(
            "/api/v1/auth/register/",
            json={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        body: Json = response.get_json()
        return body

    return register


@pytest.fixture
def create_event(client: FlaskClient) -> Callable[..., Json]:
    def create(who: Json, **fields: Any) -> Json:
        body = {
            "title": "Jazz night",
            "date": "2027-05-02T18:00:00Z",
            "max_participants": 50,
            **fields,
        }
        response = client.post(
            "/api/v1/events/", json=body, headers={"Authorization": f"Bearer {who['access']}"}
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        created: Json = response.get_json()
        return created

    return create


def test_a_client_is_greeted_and_then_hears_a_new_event_in_the_seed_format(
    base: str,
    open_socket: Any,
    sign_up: Any,
    create_event: Any,
) -> None:
    ada = sign_up("ada")
    socket = open_socket(base, ada["access"])

    assert socket.next() == {
        "type": "connection_established",
        "data": {"user_id": ada["user"]["id"]},
        "timestamp": STAMP,
    }
    created = create_event(ada)
    assert socket.next() == {
        "type": "event_created",
        "data": {"id": created["id"], "title": "Jazz night", "current_participants": 1},
        "timestamp": STAMP,
    }


def test_every_connected_client_hears_a_public_event_and_who_joins_and_leaves_it(
    base: str,
    open_socket: Any,
    sign_up: Any,
    create_event: Any,
    client: FlaskClient,
) -> None:
    ada, bob, carol = sign_up("ada"), sign_up("bob"), sign_up("carol")
    sockets = [open_socket(base, person["access"]) for person in (ada, bob, carol)]
    for socket in sockets:
        socket.next_of("connection_established")

    event = create_event(ada)
    as_bob = {"Authorization": f"Bearer {bob['access']}"}
    assert client.post(f"/api/v1/events/{event['id']}/join/", headers=as_bob).status_code == 200
    assert client.post(f"/api/v1/events/{event['id']}/leave/", headers=as_bob).status_code == 200

    for socket in sockets:
        assert [socket.next()["type"] for _ in range(3)] == [
            "event_created",
            "event_joined",
            "event_left",
        ]


def test_the_first_in_a_waiting_list_hears_that_a_freed_seat_is_theirs(
    base: str,
    open_socket: Any,
    sign_up: Any,
    create_event: Any,
    client: FlaskClient,
) -> None:
    ada, bob, carol = sign_up("ada"), sign_up("bob"), sign_up("carol")
    event = create_event(ada, max_participants=2)
    as_bob = {"Authorization": f"Bearer {bob['access']}"}
    as_carol = {"Authorization": f"Bearer {carol['access']}"}
    assert client.post(f"/api/v1/events/{event['id']}/join/", headers=as_bob).status_code == 200
    waitlist = f"/api/v1/events/{event['id']}/waitlist/join/"
    assert client.post(waitlist, headers=as_carol).status_code == 200
    ada_socket, carol_socket = open_socket(base, ada["access"]), open_socket(base, carol["access"])
    ada_socket.next_of("connection_established")
    carol_socket.next_of("connection_established")

    assert client.post(f"/api/v1/events/{event['id']}/leave/", headers=as_bob).status_code == 200

    facts = {"id": event["id"], "title": "Jazz night", "current_participants": 2}
    carol_id = carol["user"]["id"]
    assert [carol_socket.next() for _ in range(3)] == [
        {"type": "event_left", "data": {**facts, "user_id": bob["user"]["id"]}, "timestamp": STAMP},
        {"type": "event_joined", "data": {**facts, "user_id": carol_id}, "timestamp": STAMP},
        {"type": "waitlist_promoted", "data": {**facts, "user_id": carol_id}, "timestamp": STAMP},
    ]
    # Everyone hears who joined; the promotion itself is for the promoted alone.
    assert [ada_socket.next()["type"] for _ in range(2)] == ["event_left", "event_joined"]
    assert ada_socket.silent_for(0.3) == []


def test_a_private_event_is_heard_only_by_those_who_may_see_it(
    base: str,
    open_socket: Any,
    sign_up: Any,
    create_event: Any,
) -> None:
    ada, bob = sign_up("ada"), sign_up("bob")
    ada_socket, bob_socket = open_socket(base, ada["access"]), open_socket(base, bob["access"])
    ada_socket.next_of("connection_established")
    bob_socket.next_of("connection_established")

    private = create_event(ada, title="Surprise party", is_private=True)
    public = create_event(ada, title="Open day")

    assert ada_socket.next()["data"]["id"] == private["id"]
    assert ada_socket.next()["data"]["id"] == public["id"]
    heard_by_bob = bob_socket.next()
    assert heard_by_bob["data"]["id"] == public["id"]
    assert bob_socket.silent_for(0.3) == []


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "Authentication credentials were not provided."),
        ("?token=", "Authentication credentials were not provided."),
        ("?token=not-a-jwt", "Invalid or expired token."),
    ],
)
def test_a_socket_without_a_valid_access_token_is_closed_with_4401(
    base: str,
    open_socket: Any,
    query: str,
    reason: str,
) -> None:
    socket = open_socket(base, None, path="/ws/events/" + query)

    assert socket.close_reason() == (4401, reason)


def test_a_refresh_token_does_not_open_a_socket(
    base: str,
    open_socket: Any,
    sign_up: Any,
) -> None:
    ada = sign_up("ada")

    assert open_socket(base, ada["refresh"]).close_reason() == (4401, "Invalid or expired token.")


def test_an_access_token_of_an_ended_login_does_not_open_a_socket(
    base: str,
    client: FlaskClient,
    open_socket: Any,
    sign_up: Any,
) -> None:
    ada = sign_up("ada")
    client.post("/api/v1/auth/refresh/", json={"refresh": ada["refresh"]})
    replayed = client.post("/api/v1/auth/refresh/", json={"refresh": ada["refresh"]})
    assert replayed.status_code == 401

    assert open_socket(base, ada["access"]).close_reason() == (
        4401,
        "This login has ended; log in again.",
    )


def test_the_socket_closes_with_4401_when_its_access_token_expires(
    base: str,
    open_socket: Any,
    sign_up: Any,
    clock: FixedClock,
) -> None:
    socket = open_socket(base, sign_up("ada")["access"])
    socket.next_of("connection_established")

    clock.advance(timedelta(hours=1))

    assert socket.close_reason(timeout=3) == (
        4401,
        "Access token expired; reconnect with a new one.",
    )


def test_a_worker_admits_a_bounded_number_of_sockets_per_user_and_in_all(
    app: Flask,
    base: str,
    open_socket: Any,
    sign_up: Any,
) -> None:
    app.config[MAX_SOCKETS_PER_USER] = 2
    app.config[MAX_SOCKETS] = 3
    ada, bob = sign_up("ada"), sign_up("bob")
    for _ in range(2):
        open_socket(base, ada["access"]).next_of("connection_established")

    assert open_socket(base, ada["access"]).close_reason() == (
        1013,
        "At most 2 open sockets per user; close one first.",
    )
    open_socket(base, bob["access"]).next_of("connection_established")
    assert open_socket(base, bob["access"]).close_reason() == (
        1013,
        "Too many open sockets on this server; try again later.",
    )


def test_a_closed_socket_gives_its_slot_back(
    app: Flask,
    base: str,
    open_socket: Any,
    sign_up: Any,
) -> None:
    app.config[MAX_SOCKETS_PER_USER] = 1
    ada = sign_up("ada")
    first = open_socket(base, ada["access"])
    first.next_of("connection_established")
    first.close()

    again = _eventually_admitted(lambda: open_socket(base, ada["access"]))
    assert again["type"] == "connection_established"


def test_sockets_close_with_1001_when_the_worker_shuts_down(
    app: Flask,
    base: str,
    open_socket: Any,
    sign_up: Any,
) -> None:
    socket = open_socket(base, sign_up("ada")["access"])
    socket.next_of("connection_established")

    going_away(app).set()

    assert socket.close_reason(timeout=3) == (1001, "Server restarting; reconnect.")


def test_what_a_client_sends_is_ignored_and_it_keeps_hearing_notices(
    base: str,
    open_socket: Any,
    sign_up: Any,
    create_event: Any,
) -> None:
    ada = sign_up("ada")
    socket = open_socket(base, ada["access"])
    socket.next_of("connection_established")

    socket.client.send(json.dumps({"type": "subscribe", "data": {}}))
    create_event(ada)

    assert socket.next()["type"] == "event_created"


def test_a_plain_http_request_to_the_socket_path_is_told_to_upgrade_in_gatherhub_words(
    client: FlaskClient,
) -> None:
    response = client.get("/ws/events/?token=whatever")

    body = response.get_json()
    assert response.status_code == 426
    assert response.headers["Upgrade"] == "websocket"
    assert set(body) == {"error", "message", "details", "timestamp"}
    assert body["error"] == "upgrade_required"
    assert body["message"] == (
        "/ws/events/ is a WebSocket: open it with a WebSocket client (ws:// or wss://), "
        "not a plain HTTP request."
    )
    assert body["details"] == {}


def test_a_websocket_handshake_to_a_plain_route_is_a_gatherhub_400_that_says_so(
    client: FlaskClient,
) -> None:
    response = client.get(
        "/health/", headers={"Connection": "keep-alive, Upgrade", "Upgrade": "websocket"}
    )

    body = response.get_json()
    assert response.status_code == 400
    assert set(body) == {"error", "message", "details", "timestamp"}
    assert body["message"] == "/health/ answers plain HTTP requests, not a WebSocket."


def test_the_socket_moves_with_the_gatherhub_prefix(
    open_socket: Any,
    clock: FixedClock,
) -> None:
    settings = Settings(secret_key=secrets.token_hex(32), surfaces={"gatherhub": "/gh"})
    app = create_app(memory_core(clock=clock, settings=settings))
    client = app.test_client()
    ada = client.post(
        "/gh/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": PASSWORD},
    ).get_json()

    assert "/gh/ws/events/" in {rule.rule for rule in app.url_map.iter_rules()}
    assert "/ws/events/" not in {rule.rule for rule in app.url_map.iter_rules()}
    with in_process(app) as base:
        socket = open_socket(base, ada["access"], path="/gh/ws/events/")
        assert socket.next()["type"] == "connection_established"


def test_the_route_clash_check_sees_the_socket_route(app: Flask) -> None:
    app.add_url_rule("/ws/events/", "impostor", lambda: "", methods=["GET"])

    with pytest.raises(RouteClash, match=r"GET /ws/events/ \(gatherhub_ws\.events_socket\)"):
        refuse_clashes(app)


def _eventually_admitted(connect: Callable[[], Any]) -> Json:
    """The server frees a slot just after the client's close: retry for a second."""
    deadline = time.monotonic() + 1
    while True:
        try:
            message: Json = connect().next()
            return message
        except ConnectionClosed:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def test_votes_and_tasks_are_heard_too_with_their_moments_written_as_the_seed_does(
    base: str,
    open_socket: Any,
    sign_up: Any,
    create_event: Any,
    client: FlaskClient,
) -> None:
    ada = sign_up("ada")
    as_ada = {"Authorization": f"Bearer {ada['access']}"}
    event = create_event(ada)
    socket = open_socket(base, ada["access"])
    socket.next_of("connection_established")

    vote = client.post(
        "/api/v1/voting/",
        headers=as_ada,
        json={
            "title": "Where?",
            "event": event["id"],
            "options": [{"text": "Park"}, {"text": "Beach"}],
            "ends_at": "2027-05-02T12:00:00Z",
        },
    )
    task = client.post(
        "/api/v1/tasks/",
        headers=as_ada,
        json={"title": "Bring chairs", "event": event["id"], "due_date": "2027-05-02T10:00:00Z"},
    )

    assert (vote.status_code, task.status_code) == (201, 201)
    created_vote = socket.next_of("vote_created")
    assert created_vote["data"]["ends_at"] == "2027-05-02T12:00:00Z"
    assert created_vote["timestamp"] == STAMP
    assert socket.next_of("task_created")["data"]["id"] == task.get_json()["id"]
