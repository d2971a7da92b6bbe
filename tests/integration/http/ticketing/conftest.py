"""Fixtures for the ticketing HTTP suite: the app on a memory core, people of every role
(anonymous, user, moderator, admin) with their bearer headers, and a category."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from ticketing_api import API, PASSWORD, Headers, JsonBody, Tables
from werkzeug.test import TestResponse

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.users import Registration, Role, User
from eventcore.domain.views import EventView
from eventcore.settings import Settings
from eventcore.usecases import accounts, categories, events


@pytest.fixture
def core(clock: FixedClock) -> Core:
    """Ticketing at its default prefix, beside GatherHub (the native API it shares the core
    with); the other APIs are left out to build the app faster. Rate limits off: a test
    may log in more often than a person would."""
    settings = Settings(
        secret_key=secrets.token_hex(32),
        rate_limit="off",
        login_rate_limit="off",
        surfaces={"gatherhub": "/", "ticketing": "/ticketing"},
    )
    return memory_core(clock=clock, settings=settings)


@pytest.fixture
def snapshot(store: MemoryStore) -> Callable[[], Tables]:
    """A deep copy of every memory table, to show a refused request changed nothing."""
    return lambda: copy.deepcopy(store.tables)


@pytest.fixture
def refused() -> Callable[..., None]:
    """Check a refusal: the status and exactly {"error": text}."""

    def check(response: TestResponse, status: int, text: str) -> None:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.get_json() == {"error": text}

    return check


@pytest.fixture
def make_person(core: Core) -> Callable[..., User]:
    def make(username: str, role: Role = Role.USER, **profile: Any) -> User:
        return accounts.create_user(
            core.uow(),
            core.clock,
            core.hasher,
            Registration(
                email=f"{username}@example.org",
                password=PASSWORD,
                username=username,
                role=role,
                **profile,
            ),
        )

    return make


@pytest.fixture
def log_in(client: FlaskClient) -> Callable[[User], Headers]:
    """The bearer header of `user`, from POST /api/users/login."""

    def headers(user: User) -> Headers:
        response = client.post(
            f"{API}/users/login", json={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return headers


@pytest.fixture
def admin(make_person: Callable[..., User]) -> User:
    return make_person("root", Role.ADMIN)


@pytest.fixture
def moderator(make_person: Callable[..., User]) -> User:
    return make_person("mona", Role.MODERATOR)


@pytest.fixture
def user(make_person: Callable[..., User]) -> User:
    return make_person("febi", first_name="Febi", last_name="Buffay")


@pytest.fixture
def other(make_person: Callable[..., User]) -> User:
    return make_person("joey")


@pytest.fixture
def as_admin(admin: User, log_in: Callable[[User], Headers]) -> Headers:
    return log_in(admin)


@pytest.fixture
def as_moderator(moderator: User, log_in: Callable[[User], Headers]) -> Headers:
    return log_in(moderator)


@pytest.fixture
def as_user(user: User, log_in: Callable[[User], Headers]) -> Headers:
    return log_in(user)


@pytest.fixture
def as_other(other: User, log_in: Callable[[User], Headers]) -> Headers:
    return log_in(other)


@pytest.fixture
def job_fair(core: Core) -> str:
    return categories.create_category(core.uow(), "Job Fair").name


@pytest.fixture
def event_body(job_fair: str) -> Callable[..., JsonBody]:
    """The seed's example event (in the future), with keyword overrides."""

    def body(**overrides: Any) -> JsonBody:
        return {
            "title": "Test Event",
            "description": "Test Description",
            "category": job_fair,
            "start_datetime": "2030-06-01T10:00:00Z",
            "end_datetime": "2030-06-01T11:00:00Z",
            "location_type": "In-Person",
            "price": 10.99,
            "photo_1_url": "https://example.com/test-image.jpg",
            "photo_2_url": "https://example.com/test-image2.jpg",
            "photo_3_url": "https://example.com/test-image3.jpg",
            "region": "England",
            "city": "London",
            "address": "Test Address",
            "tickets_remaining": 100,
            "capacity": 100,
            **overrides,
        }

    return body


@pytest.fixture
def create_event(
    client: FlaskClient, as_moderator: Headers, event_body: Callable[..., JsonBody]
) -> Callable[..., JsonBody]:
    """Create an event (as the moderator unless `headers` say otherwise); returns it."""

    def create(headers: Headers | None = None, **overrides: Any) -> JsonBody:
        response = client.post(
            f"{API}/events", headers=headers or as_moderator, json=event_body(**overrides)
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        created: JsonBody = response.get_json()["newEvent"]
        return created

    return create


@pytest.fixture
def made_elsewhere(core: Core, user: User) -> Callable[..., EventView]:
    """An event `user` made through another API: by the core's own use case, starting
    now, with GatherHub's policy (the organizer takes a seat)."""

    def make(title: str, **fields: Any) -> EventView:
        draft = EventDraft(title=title, starts_at=core.clock.now(), **fields)
        return events.create_event(core.uow(), core.clock, core.notifier, user.id, draft)

    return make


@pytest.fixture
def attend(client: FlaskClient) -> Callable[..., TestResponse]:
    def post(event_id: int, headers: Headers, status: str = "Registered") -> TestResponse:
        return client.post(
            f"{API}/events/{event_id}/attendances", headers=headers, json={"status": status}
        )

    return post


@pytest.fixture
def tickets_left(client: FlaskClient) -> Callable[[int], int | None]:
    def left(event_id: int) -> int | None:
        remaining: int | None = client.get(f"{API}/events/{event_id}").get_json()["event"][
            "tickets_remaining"
        ]
        return remaining

    return left
