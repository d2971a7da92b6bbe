"""Fixtures for the unit suite: a memory core on a fixed clock, and a few people in it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.adapters.memory.unit_of_work import MemoryUnitOfWork
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.users import Registration, Role, User
from eventcore.domain.views import EventView
from eventcore.usecases import accounts, events
from support.clocks import fixed_clock
from support.constants import PASSWORD, T0
from support.notices import GatherHubEar

Tables = dict[str, dict[Any, Any]]
MakeUser = Callable[..., User]
MakeEvent = Callable[..., EventView]
EventFields = Callable[..., dict[str, Any]]


@pytest.fixture
def clock() -> FixedClock:
    return fixed_clock()


@pytest.fixture
def core(clock: FixedClock) -> Core:
    return memory_core(clock=clock)


@pytest.fixture
def store(core: Core) -> MemoryStore:
    uow = core.uow()
    assert isinstance(uow, MemoryUnitOfWork)
    return uow.store


@pytest.fixture
def notifier(core: Core) -> GatherHubEar:
    """What the core published, as GatherHub clients hear it."""
    assert isinstance(core.notifier, InProcessNotifier)
    return GatherHubEar(core.notifier)


@pytest.fixture
def snapshot(store: MemoryStore) -> Callable[[], Tables]:
    """A deep copy of every memory table, to compare before and after a use case."""

    def take() -> Tables:
        return copy.deepcopy(store.tables)

    return take


@pytest.fixture
def make_user(core: Core) -> MakeUser:
    def make(username: str, *, role: Role = Role.USER, **profile: Any) -> User:
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
def ada(make_user: MakeUser) -> User:
    return make_user("ada")


@pytest.fixture
def bob(make_user: MakeUser) -> User:
    return make_user("bob")


@pytest.fixture
def carol(make_user: MakeUser) -> User:
    return make_user("carol")


@pytest.fixture
def moderator(make_user: MakeUser) -> User:
    return make_user("mona", role=Role.MODERATOR)


@pytest.fixture
def admin(make_user: MakeUser) -> User:
    return make_user("root", role=Role.ADMIN)


@pytest.fixture
def event_fields() -> EventFields:
    """Valid fields for a new event tomorrow afternoon; keywords override them."""

    def fields(**overrides: Any) -> dict[str, Any]:
        starts_at = T0 + timedelta(days=1)
        return {
            "title": "Jazz night",
            "description": "Live music",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=3),
            **overrides,
        }

    return fields


@pytest.fixture
def make_event(core: Core, event_fields: EventFields) -> MakeEvent:
    def make(creator: User, **overrides: Any) -> EventView:
        return events.create_event(
            core.uow(),
            core.clock,
            core.notifier,
            creator.id,
            EventDraft(**event_fields(**overrides)),
        )

    return make
