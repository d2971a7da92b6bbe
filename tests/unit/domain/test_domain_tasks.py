"""Task rules: who creates, changes, assigns and completes, and what completion records."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest

from eventcore.domain import tasks
from eventcore.domain.errors import Forbidden, InvalidValue
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.tasks import Task, TaskChanges, TaskDraft, TaskPriority, TaskStatus
from strategies import T0

ORGANIZER, MEMBER, HELPER, STRANGER = UserId(1), UserId(2), UserId(3), UserId(4)


def new_task(
    event: Event, creator_id: UserId, fields: dict[str, Any], now: datetime, **parts: bool
) -> Task:
    return tasks.new_task(event, creator_id, TaskDraft(**fields), now, **parts)


def update_task(
    task: Task,
    event: Event,
    actor_id: UserId,
    changes: dict[str, Any],
    now: datetime,
    **parts: bool,
) -> Task:
    return tasks.update_task(task, event, actor_id, TaskChanges(**changes), now, **parts)


LATER = T0 + timedelta(hours=1)


@pytest.fixture
def event() -> Event:
    return Event(
        id=EventId(7),
        title="Picnic",
        creator_id=ORGANIZER,
        starts_at=T0 + timedelta(days=2),
        created_at=T0,
        updated_at=T0,
    )


def make(event: Event, creator: UserId = MEMBER, **fields: Any) -> Task:
    task = new_task(
        event,
        creator,
        {"title": "Bring chairs", **fields},
        T0,
        creator_takes_part=True,
        assignee_takes_part=True,
    )
    return attrs.evolve(task, id=TaskId(1))


# --- creation ----------------------------------------------------------------------


def test_a_new_task_is_pending_medium_and_stamped(event: Event) -> None:
    task = make(event)
    assert (task.event_id, task.creator_id, task.title) == (event.id, MEMBER, "Bring chairs")
    assert (task.status, task.priority) == (TaskStatus.PENDING, TaskPriority.MEDIUM)
    assert (task.created_at, task.updated_at, task.completed_at) == (T0, T0, None)
    assert task.assignee_id is None


def test_someone_not_taking_part_may_not_create_a_task(event: Event) -> None:
    with pytest.raises(Forbidden):
        new_task(
            event,
            STRANGER,
            {"title": "Crash the party"},
            T0,
            creator_takes_part=False,
            assignee_takes_part=True,
        )


def test_an_assignee_must_take_part_in_the_event(event: Event) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_task(
            event,
            MEMBER,
            {"title": "Chairs", "assignee_id": STRANGER},
            T0,
            creator_takes_part=True,
            assignee_takes_part=False,
        )
    assert caught.value.field == "assignee_id"


def test_text_priority_is_read_as_the_enum(event: Event) -> None:
    assert make(event, priority="high").priority is TaskPriority.HIGH


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 10_001}, "description"),
        ({"priority": "urgent"}, "priority"),
        ({"due_date": datetime(2027, 5, 3, 12)}, "due_date"),
        ({"status": "completed"}, "status"),
        ({"creator_id": HELPER}, "creator_id"),
    ],
)
def test_a_bad_field_is_refused_naming_it(event: Event, fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_task(
            event,
            MEMBER,
            {"title": "Chairs", **fields},
            T0,
            creator_takes_part=True,
            assignee_takes_part=True,
        )
    assert caught.value.field == field


# --- update ------------------------------------------------------------------------


@pytest.mark.parametrize("editor", [MEMBER, HELPER])
def test_the_creator_and_the_assignee_update_a_task(event: Event, editor: UserId) -> None:
    task = make(event, assignee_id=HELPER)
    updated = update_task(
        task, event, editor, {"title": "Chairs and tables"}, LATER, assignee_takes_part=False
    )
    assert (updated.title, updated.updated_at, updated.created_at) == (
        "Chairs and tables",
        LATER,
        T0,
    )


@pytest.mark.parametrize("outsider", [ORGANIZER, STRANGER])
def test_others_may_not_update_a_task_not_even_the_event_creator(
    event: Event, outsider: UserId
) -> None:
    task = make(event, assignee_id=HELPER)
    with pytest.raises(Forbidden):
        update_task(task, event, outsider, {"title": "Mine now"}, LATER, assignee_takes_part=True)


def test_moving_to_completed_sets_completed_at_and_back_clears_it(event: Event) -> None:
    task = make(event)
    done = update_task(
        task, event, MEMBER, {"status": "completed"}, LATER, assignee_takes_part=False
    )
    assert (done.status, done.completed_at) == (TaskStatus.COMPLETED, LATER)
    again = update_task(
        done,
        event,
        MEMBER,
        {"status": TaskStatus.COMPLETED},
        LATER + timedelta(hours=1),
        assignee_takes_part=False,
    )
    assert again.completed_at == LATER
    reopened = update_task(
        done, event, MEMBER, {"status": "in_progress"}, LATER, assignee_takes_part=False
    )
    assert (reopened.status, reopened.completed_at) == (TaskStatus.IN_PROGRESS, None)


def test_the_assignee_may_not_hand_the_task_to_someone_else(event: Event) -> None:
    task = make(event, assignee_id=HELPER)
    with pytest.raises(Forbidden) as caught:
        update_task(
            task, event, HELPER, {"assignee_id": ORGANIZER}, LATER, assignee_takes_part=True
        )
    assert caught.value.field == "assignee_id"


def test_sending_back_the_same_assignee_is_no_reassignment(event: Event) -> None:
    task = make(event, assignee_id=HELPER)
    updated = update_task(
        task,
        event,
        HELPER,
        {"assignee_id": HELPER, "priority": "low"},
        LATER,
        assignee_takes_part=True,
    )
    assert (updated.assignee_id, updated.priority) == (HELPER, TaskPriority.LOW)


def test_the_creator_reassigns_through_an_update_to_someone_taking_part(event: Event) -> None:
    task = make(event, assignee_id=HELPER)
    assert (
        update_task(
            task, event, MEMBER, {"assignee_id": ORGANIZER}, LATER, assignee_takes_part=True
        ).assignee_id
        == ORGANIZER
    )
    assert (
        update_task(
            task, event, MEMBER, {"assignee_id": None}, LATER, assignee_takes_part=False
        ).assignee_id
        is None
    )
    with pytest.raises(InvalidValue) as caught:
        update_task(
            task, event, MEMBER, {"assignee_id": STRANGER}, LATER, assignee_takes_part=False
        )
    assert caught.value.field == "assignee_id"


def test_an_update_may_not_move_a_task_to_another_event(event: Event) -> None:
    with pytest.raises(InvalidValue) as caught:
        update_task(
            make(event), event, MEMBER, {"event_id": EventId(8)}, LATER, assignee_takes_part=False
        )
    assert caught.value.field == "event_id"


# --- assignment --------------------------------------------------------------------


@pytest.mark.parametrize("assigner", [ORGANIZER, MEMBER])
def test_the_event_creator_and_the_task_creator_assign(event: Event, assigner: UserId) -> None:
    assigned = tasks.assign(make(event), event, assigner, HELPER, LATER, assignee_takes_part=True)
    assert (assigned.assignee_id, assigned.updated_at) == (HELPER, LATER)


@pytest.mark.parametrize("assigner", [HELPER, STRANGER])
def test_others_may_not_assign_not_even_the_assignee(event: Event, assigner: UserId) -> None:
    with pytest.raises(Forbidden):
        tasks.assign(
            make(event, assignee_id=HELPER),
            event,
            assigner,
            assigner,
            LATER,
            assignee_takes_part=True,
        )


def test_assigning_to_someone_not_taking_part_is_invalid(event: Event) -> None:
    with pytest.raises(InvalidValue) as caught:
        tasks.assign(make(event), event, ORGANIZER, STRANGER, LATER, assignee_takes_part=False)
    assert caught.value.field == "assignee_id"


# --- completion --------------------------------------------------------------------


@pytest.mark.parametrize("finisher", [MEMBER, HELPER])
def test_the_assignee_and_the_creator_complete(event: Event, finisher: UserId) -> None:
    done = tasks.complete(make(event, assignee_id=HELPER), finisher, LATER)
    assert (done.status, done.completed_at, done.updated_at) == (TaskStatus.COMPLETED, LATER, LATER)


@pytest.mark.parametrize("outsider", [ORGANIZER, STRANGER])
def test_others_may_not_complete(event: Event, outsider: UserId) -> None:
    with pytest.raises(Forbidden):
        tasks.complete(make(event, assignee_id=HELPER), outsider, LATER)


def test_completing_twice_keeps_the_first_completion(event: Event) -> None:
    done = tasks.complete(make(event), MEMBER, LATER)
    assert tasks.complete(done, MEMBER, LATER + timedelta(days=1)) == done
