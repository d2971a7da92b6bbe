"""Who may manage an event."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from eventcore.domain import event_changes
from eventcore.domain.access import (
    EventManagement,
    ensure_may_manage_event_under,
    may_manage_event,
)
from eventcore.domain.errors import Forbidden
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import Registration, Role, User, new_user
from strategies import PASSWORD, T0

CREATOR = UserId(1)


@pytest.fixture
def event() -> Event:
    draft = event_changes.new_event(
        EventDraft(title="Yoga", starts_at=T0 + timedelta(days=1)),
        creator_id=CREATOR,
        category_id=None,
        seats_taken=0,
        now=T0,
    )
    return attrs.evolve(draft, id=EventId(3))


def person(user_id: int, role: Role = Role.USER) -> User:
    registration = Registration(email=f"u{user_id}@example.org", password=PASSWORD, role=role)
    user = new_user(registration, username=f"u{user_id}", now=T0)
    return attrs.evolve(user, id=UserId(user_id))


def test_creator_may_manage_their_event(event: Event) -> None:
    assert may_manage_event(person(1), event)
    ensure_may_manage_event_under(person(1), event, EventManagement.CREATORS)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_staff_may_manage_any_event(event: Event, role: Role) -> None:
    assert may_manage_event(person(2, role), event)
    ensure_may_manage_event_under(person(2, role), event, EventManagement.CREATORS)


def test_other_user_may_not_manage_the_event(event: Event) -> None:
    assert not may_manage_event(person(2), event)
    with pytest.raises(Forbidden):
        ensure_may_manage_event_under(person(2), event, EventManagement.CREATORS)


def test_private_event_is_seen_by_its_creator_and_participants_only(event: Event) -> None:
    private = attrs.evolve(event, is_private=True)
    assert private.visible_to(CREATOR, takes_part=False)
    assert private.visible_to(UserId(2), takes_part=True)
    assert not private.visible_to(UserId(2), takes_part=False)
    assert not private.visible_to(None, takes_part=False)
    assert event.visible_to(None, takes_part=False)
