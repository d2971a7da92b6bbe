"""GET /socialcalendar/ws across workers: two app instances share one database and one
Redis channel; a chat member's socket on one hears a message written through the
other, a non-member's does not, and a socket without a session is closed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from consent_browser import API, SESSION_COOKIE, SQL_ONLY, group_event, sign_in_with_token
from flask.testing import FlaskClient

from eventcore.bootstrap import Core
from eventcore.http.app import create_app
from live_server import in_process
from support.google_standin import GoogleStandIn
from support.sockets import Socket

pytestmark = [pytest.mark.redis, pytest.mark.parametrize("backend", SQL_ONLY, indirect=True)]


@pytest.fixture
def workers(instance: Callable[..., Core], redis_url: str, redis_prefix: str) -> tuple[Core, Core]:
    """Two instances on the database and on one Redis channel, as two workers."""
    return (
        instance(redis_url=redis_url, redis_prefix=redis_prefix),
        instance(redis_url=redis_url, redis_prefix=redis_prefix),
    )


@pytest.fixture
def served(workers: tuple[Core, Core]) -> Iterator[str]:
    """The first worker on a real server (sockets need one); its base URL."""
    with in_process(create_app(workers[0])) as base:
        yield base


@pytest.fixture
def second(workers: tuple[Core, Core]) -> Callable[[], FlaskClient]:
    """Clients of the second worker."""
    app = create_app(workers[1])
    return app.test_client


@pytest.fixture
def open_socket(served: str) -> Iterator[Callable[[str | None], Socket]]:
    """open_socket(session token or None) -> a socket to the first worker's /ws."""
    opened: list[Socket] = []

    def connect(session: str | None) -> Socket:
        headers = {"Cookie": f"{SESSION_COOKIE}={session}"} if session else {}
        socket = Socket(served.replace("http://", "ws://") + f"{API}/ws", headers)
        opened.append(socket)
        return socket

    yield connect
    for socket in opened:
        socket.close()


def group_event_with_guest(owner: FlaskClient, guest: FlaskClient, guest_id: str) -> str:
    """`owner` makes a group event and `guest` accepts its invite; the chat's id."""
    created = owner.post(f"{API}/event", json=group_event())
    assert created.status_code == 200, created.get_data(as_text=True)
    event_id = created.get_json()["id"]
    invited = owner.post(
        f"{API}/invite", json={"type": "event", "receiver_id": guest_id, "event_id": event_id}
    )
    assert invited.status_code == 204, invited.get_data(as_text=True)
    (invite,) = guest.get(f"{API}/invites").get_json()
    accepted = guest.delete(f"{API}/invite", query_string={"id": invite["id"], "action": "accept"})
    assert accepted.status_code == 204, accepted.get_data(as_text=True)
    chat_id: str = owner.get(f"{API}/event", query_string={"id": event_id}).get_json()["chat_id"]
    return chat_id


def test_a_member_hears_a_message_written_on_another_worker_and_others_do_not(
    second: Callable[[], FlaskClient],
    open_socket: Callable[[str | None], Socket],
    google: GoogleStandIn,
) -> None:
    ada, bob, carol = second(), second(), second()
    ada_id, _ = sign_in_with_token(ada, google, "9001")
    bob_id, bob_session = sign_in_with_token(bob, google, "9002")
    carol_id, carol_session = sign_in_with_token(carol, google, "9003")
    chat_id = group_event_with_guest(ada, bob, bob_id)
    member, outsider = open_socket(bob_session), open_socket(carol_session)
    assert member.next_of("connection_established")["data"] == {"user_id": bob_id}
    assert outsider.next_of("connection_established")["data"] == {"user_id": carol_id}

    posted = ada.post(f"{API}/chat/msg", json={"chat_id": chat_id, "text": "Bring a blanket"})

    assert posted.status_code == 204, posted.get_data(as_text=True)
    heard: dict[str, Any] = member.next_of("message_posted")
    assert set(heard) == {"type", "data"}
    data = heard["data"]
    assert (data["chat_id"], data["user_id"], data["text"]) == (chat_id, ada_id, "Bring a blanket")
    (written,) = bob.get(f"{API}/chat", query_string={"id": chat_id}).get_json()["msg_id_list"]
    assert data == written
    assert outsider.silent_for(0.5) == []


def test_a_socket_without_a_session_is_closed_with_4401(
    open_socket: Callable[[str | None], Socket],
) -> None:
    assert open_socket(None).close_reason()[0] == 4401
    assert open_socket("not-a-session").close_reason()[0] == 4401


def test_a_socket_opened_from_another_site_is_closed_with_4403(
    served: str, second: Callable[[], FlaskClient], google: GoogleStandIn
) -> None:
    _, session = sign_in_with_token(second(), google, "9001")
    url = served.replace("http://", "ws://") + f"{API}/ws"
    cookie = {"Cookie": f"{SESSION_COOKIE}={session}"}

    elsewhere = Socket(url, {**cookie, "Origin": "https://evil.example"})
    # The test client sends `Host` without the port (a browser sends it), so the page
    # of this site names the host alone too.
    here = Socket(url, {**cookie, "Origin": "http://127.0.0.1"})
    try:
        assert elsewhere.close_reason()[0] == 4403
        assert here.next()["type"] == "connection_established"
    finally:
        elsewhere.close()
        here.close()
