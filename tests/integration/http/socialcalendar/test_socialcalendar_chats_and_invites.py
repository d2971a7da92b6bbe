"""SocialCalendar chats and invites on memory, SQLite and PostgreSQL: /chats, /chat,
/chat/msg, /invites and /invite with the seed's status codes; an accepted invite
joining an event and its chat; SQL statements that do not grow with the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from socialcalendar_api import Person, befriend

from eventcore.core import Core
from support.statements import counting_statements


def _chat_of(person: Person, event_id: str) -> str:
    chat_id: str = person.get(f"/event?id={event_id}").get_json()["chat_id"]
    return chat_id


def test_messages_come_back_in_writing_order_with_epoch_milliseconds(
    ada: Person, bob: Person, core: Core
) -> None:
    event_id = ada.create()
    ada.invite(bob, event_id)
    bob.accept_all()
    chat_id = _chat_of(ada, event_id)

    for author, text in [(ada, "Who brings the board?"), (bob, "Me"), (ada, "Great")]:
        response = author.post("/chat/msg", json={"chat_id": chat_id, "text": text})
        assert response.status_code == 204
        assert response.data == b""

    chat = bob.get(f"/chat?id={chat_id}").get_json()
    assert chat["event_id"] == event_id
    assert [(m["user_id"], m["text"]) for m in chat["msg_id_list"]] == [
        (ada.id, "Who brings the board?"),
        (bob.id, "Me"),
        (ada.id, "Great"),
    ]
    first = chat["msg_id_list"][0]
    assert first["chat_id"] == chat_id
    assert first["datetime"] == int(core.clock.now().timestamp() * 1000)


def test_friends_share_one_direct_chat(ada: Person, bob: Person) -> None:
    # Both ask before either answers: one friendship, one chat.
    ada.invite(bob)
    bob.invite(ada)
    bob.accept_all()
    ada.accept_all()

    chats = ada.get("/chats").get_json()
    assert len(chats) == 1
    direct = chats[0]
    assert {direct["user_id_1"], direct["user_id_2"]} == {ada.id, bob.id}
    assert "event_id" not in direct
    assert bob.get("/chats").get_json() == chats


def test_chats_are_paged_in_a_stable_order(ada: Person) -> None:
    made = [_chat_of(ada, ada.create(name=f"Event {n}")) for n in range(5)]

    first = ada.get("/chats?count_getting=0&count=2").get_json()
    rest = ada.get("/chats?count_getting=2&count=10").get_json()

    assert [chat["id"] for chat in first + rest] == made
    assert ada.get("/chats?count_getting=5&count=3").get_json() == []


@pytest.mark.parametrize(
    "query",
    ["?count_getting=x", "?count=abc", "?count_getting=-1", "?count=0", "?count=101"],
)
def test_chat_paging_arguments_must_be_numbers_in_range(
    ada: Person, refused: Callable[..., Any], query: str
) -> None:
    refused(ada.get(f"/chats{query}"), 400)


def test_reading_a_chat_status_codes(ada: Person, eve: Person, refused: Callable[..., Any]) -> None:
    chat_id = _chat_of(ada, ada.create(is_private="false"))

    refused(ada.get("/chat"), 400, "id")
    refused(ada.get("/chat?id=one"), 400, "id")
    refused(ada.get("/chat?id=424242"), 404)
    refused(eve.get(f"/chat?id={chat_id}"), 403)  # a public event, but Eve is no member


def test_writing_changing_and_deleting_messages(
    ada: Person, bob: Person, eve: Person, refused: Callable[..., Any]
) -> None:
    event_id = ada.create()
    ada.invite(bob, event_id)
    bob.accept_all()
    chat_id = _chat_of(ada, event_id)

    refused(ada.post("/chat/msg", json={"text": "hi"}), 400, "chat_id")
    refused(ada.post("/chat/msg", json={"chat_id": "x", "text": "hi"}), 400, "chat_id")
    refused(ada.post("/chat/msg", json={"chat_id": chat_id, "text": "   "}), 400, "text")
    refused(ada.post("/chat/msg", json={"chat_id": chat_id}), 400, "text")
    refused(ada.post("/chat/msg", json={"chat_id": "424242", "text": "hi"}), 404)
    refused(eve.post("/chat/msg", json={"chat_id": chat_id, "text": "let me in"}), 403)

    assert ada.post("/chat/msg", json={"chat_id": chat_id, "text": "hi"}).status_code == 204
    message_id = ada.get(f"/chat?id={chat_id}").get_json()["msg_id_list"][0]["id"]

    refused(ada.put("/chat/msg", json={"text": "hello"}), 400, "id")
    refused(ada.put("/chat/msg", json={"id": message_id, "text": ""}), 400, "text")
    refused(ada.put("/chat/msg", json={"id": "424242", "text": "hello"}), 404)
    refused(bob.put("/chat/msg", json={"id": message_id, "text": "mine now"}), 403)
    assert ada.put("/chat/msg", json={"id": message_id, "text": "hello"}).status_code == 204
    assert ada.get(f"/chat?id={chat_id}").get_json()["msg_id_list"][0]["text"] == "hello"

    refused(ada.delete("/chat/msg"), 400, "id")
    refused(bob.delete(f"/chat/msg?id={message_id}"), 403)
    assert ada.delete(f"/chat/msg?id={message_id}").status_code == 204
    refused(ada.delete(f"/chat/msg?id={message_id}"), 404)
    assert ada.get(f"/chat?id={chat_id}").get_json()["msg_id_list"] == []


# --- invites ---------------------------------------------------------------------


def test_invites_are_204_when_there_are_none(ada: Person) -> None:
    response = ada.get("/invites")
    assert response.status_code == 204
    assert response.data == b""


def test_an_invite_shows_to_its_receiver_and_sending_it_again_adds_none(
    ada: Person, bob: Person
) -> None:
    event_id = ada.create()
    ada.invite(bob, event_id)
    ada.invite(bob, event_id)
    ada.invite(bob)

    invites = bob.get("/invites").get_json()

    assert [(i["sender_id"], i["receiver_id"], i["type"], i["event_id"]) for i in invites] == [
        (ada.id, bob.id, "event", event_id),
        (ada.id, bob.id, "friend", None),
    ]
    assert ada.get("/invites").status_code == 204


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "type"),
        ({"type": "party", "receiver_id": "2"}, 400, "type"),
        ({"type": "friend"}, 400, "receiver_id"),
        ({"type": "friend", "receiver_id": "me"}, 400, "receiver_id"),
        ({"type": "event", "receiver_id": "{bob}"}, 400, "event_id"),
        ({"type": "friend", "receiver_id": "424242"}, 404, None),
        ({"type": "event", "receiver_id": "{bob}", "event_id": "424242"}, 404, None),
        ({"type": "friend", "receiver_id": "{ada}"}, 400, None),
    ],
)
def test_a_bad_invite_is_refused_and_sends_nothing(
    ada: Person,
    bob: Person,
    refused: Callable[..., Any],
    body: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    filled = {
        name: value.format(ada=ada.id, bob=bob.id) if isinstance(value, str) else value
        for name, value in body.items()
    }
    refused(ada.post("/invite", json=filled), status, field)
    assert bob.get("/invites").status_code == 204


def test_only_a_member_invites_to_an_event_and_only_to_a_group_event(
    ada: Person, bob: Person, eve: Person, refused: Callable[..., Any]
) -> None:
    group = ada.create(is_private="false")
    single = ada.create(type="single")

    refused(
        eve.post("/invite", json={"type": "event", "receiver_id": bob.id, "event_id": group}), 403
    )
    refused(
        ada.post("/invite", json={"type": "event", "receiver_id": bob.id, "event_id": single}),
        400,
        "event_id",
    )
    befriend(ada, bob)
    refused(ada.post("/invite", json={"type": "friend", "receiver_id": bob.id}), 400)


def test_accepting_an_event_invite_joins_the_event_and_its_chat(ada: Person, bob: Person) -> None:
    event_id = ada.create()
    chat_id = _chat_of(ada, event_id)
    ada.invite(bob, event_id)

    bob.accept_all()

    assert bob.get("/invites").status_code == 204
    assert bob.get(f"/event?id={event_id}").get_json()["member_id_list"] == [ada.id, bob.id]
    assert [chat["id"] for chat in bob.get("/chats").get_json()] == [chat_id]
    assert bob.post("/chat/msg", json={"chat_id": chat_id, "text": "Thanks!"}).status_code == 204
    assert bob.get("/user").get_json()["event_id_list"] == [event_id]


def test_declining_leaves_nothing_behind(
    ada: Person, bob: Person, refused: Callable[..., Any]
) -> None:
    event_id = ada.create()
    ada.invite(bob, event_id)
    ada.invite(bob)
    for invite in bob.get("/invites").get_json():
        assert bob.delete(f"/invite?id={invite['id']}&action=decline").status_code == 204

    assert bob.get("/invites").status_code == 204
    assert bob.get("/friends").status_code == 204
    refused(bob.get(f"/event?id={event_id}"), 403)
    assert bob.get("/chats").get_json() == []


def test_answering_an_invite_status_codes(
    ada: Person, bob: Person, eve: Person, refused: Callable[..., Any]
) -> None:
    ada.invite(bob)
    invite_id = bob.get("/invites").get_json()[0]["id"]

    refused(bob.delete("/invite?action=accept"), 400, "id")
    refused(bob.delete(f"/invite?id={invite_id}"), 400, "action")
    refused(bob.delete(f"/invite?id={invite_id}&action=maybe"), 400, "action")
    refused(bob.delete("/invite?id=424242&action=accept"), 404)
    refused(eve.delete(f"/invite?id={invite_id}&action=accept"), 403)
    refused(ada.delete(f"/invite?id={invite_id}&action=accept"), 403)  # the sender is not asked

    assert bob.delete(f"/invite?id={invite_id}&action=accept").status_code == 204
    refused(bob.delete(f"/invite?id={invite_id}&action=accept"), 404)
    assert [friend["id"] for friend in ada.get("/friends").get_json()] == [bob.id]


# --- statements ------------------------------------------------------------------


def _statements(call: Callable[[], Any]) -> int:
    with counting_statements() as sent:
        response = call()
    assert response.status_code == 200
    return len(sent)


# The memory core runs no SQL: only the SQL backends.
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_the_month_chats_and_user_cost_the_same_statements_with_more_data(
    ada: Person, bob: Person
) -> None:
    def calls() -> list[int]:
        return [
            _statements(lambda: ada.get("/events?year=2030&month=11")),
            _statements(lambda: ada.get("/chats?count=100")),
            _statements(lambda: ada.get("/user")),
        ]

    event_id = ada.create()
    ada.post("/chat/msg", json={"chat_id": _chat_of(ada, event_id), "text": "one"})
    few = calls()
    for n in range(6):
        more = ada.create(name=f"Event {n}", datetime=f"{n + 2:02d}.11.2030 10:00")
        ada.invite(bob, more)
        ada.post("/chat/msg", json={"chat_id": _chat_of(ada, more), "text": f"msg {n}"})
    bob.accept_all()
    befriend(ada, bob)

    assert all(few)
    assert calls() == few
