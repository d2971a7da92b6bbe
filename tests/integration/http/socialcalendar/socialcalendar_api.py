"""Helpers for the socialcalendar HTTP suite: its prefix, and a browser per person
signed in with a Google ID token (from the core's stand-in verifier)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from eventcore.adapters.memory.identity import StaticGoogleVerifier
from eventcore.core import Core
from eventcore.domain.identity import GoogleIdentity

API = "/socialcalendar"
GROUP_EVENT = {
    "type": "group",
    "name": "Board games",
    "is_private": "true",
    "datetime": "23.11.2030 19:00",
    "address": "Ada's flat",
    "icon": "bell.svg",
    "description": "Bring snacks",
}


def id_token(core: Core, sub: str, email: str, name: str = "") -> str:
    verifier = core.google
    assert isinstance(verifier, StaticGoogleVerifier)
    return verifier.issue(GoogleIdentity(subject=sub, email=email, email_verified=True, name=name))


class Person:
    """A browser signed in as one Google account."""

    def __init__(self, app: Flask, core: Core, sub: str, email: str, name: str) -> None:
        self.client: FlaskClient = app.test_client()
        response = self.client.post(
            f"{API}/login", json={"token": id_token(core, sub, email, name)}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        self.user: dict[str, Any] = response.get_json()
        self.id: str = self.user["id"]

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(f"{API}{path}", **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.client.post(f"{API}{path}", **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self.client.put(f"{API}{path}", **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.client.delete(f"{API}{path}", **kwargs)

    def create(self, **fields: Any) -> str:
        response = self.post("/event", json={**GROUP_EVENT, **fields})
        assert response.status_code == 200, response.get_data(as_text=True)
        event_id: str = response.get_json()["id"]
        return event_id

    def invite(self, receiver: Person, event_id: str | None = None) -> None:
        body: dict[str, Any] = {
            "type": "event" if event_id else "friend",
            "receiver_id": receiver.id,
        }
        if event_id:
            body["event_id"] = event_id
        response = self.post("/invite", json=body)
        assert response.status_code == 204, response.get_data(as_text=True)

    def accept_all(self) -> None:
        response = self.get("/invites")
        for invite in response.get_json() if response.status_code == 200 else []:
            answered = self.delete(f"/invite?id={invite['id']}&action=accept")
            assert answered.status_code == 204, answered.get_data(as_text=True)


def befriend(first: Person, second: Person) -> None:
    first.invite(second)
    second.accept_all()
