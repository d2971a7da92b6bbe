"""Tasks of an event: who may create, change, assign and complete them.

Participation arrives as booleans computed by the caller ("does this user take
part in the event?"): the rules never look anything up themselves. Taking part
means being a registered participant; the organizer always is one.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs
from attrs import define, frozen

from eventcore.domain.errors import Forbidden, InvalidValue
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.validation import check_length, require

UNSAVED = TaskId(0)
TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000

# What a creation may set, and what an update may change besides those.
CREATION_FIELDS = frozenset({"title", "description", "priority", "due_date", "assignee_id"})
UPDATE_FIELDS = CREATION_FIELDS | {"status"}


class TaskStatus(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class TaskPriority(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@define(kw_only=True)
class Task:
    id: TaskId = UNSAVED
    event_id: EventId
    title: str
    creator_id: UserId
    created_at: datetime
    updated_at: datetime
    description: str = ""
    status: TaskStatus = TaskStatus.PENDING
    priority: TaskPriority = TaskPriority.MEDIUM
    due_date: datetime | None = None
    assignee_id: UserId | None = None
    # Set when the task becomes completed, cleared when it is reopened.
    completed_at: datetime | None = None

    def may_be_changed_by(self, user_id: UserId) -> bool:
        """The task's creator and its assignee change it and mark it completed."""
        return user_id in (self.creator_id, self.assignee_id)

    def may_be_assigned_by(self, user_id: UserId, event: Event) -> bool:
        """The event's creator and the task's creator choose who does it."""
        return user_id in (event.creator_id, self.creator_id)


@frozen(kw_only=True)
class TaskFilter:
    """Which tasks a list shows; every condition is optional and they combine with AND.

    `viewer_id` limits the list to tasks of events that user may see in lists
    (public events, their own, and those they take part in); None shows the
    tasks of public events only. `due_from` is inclusive, `due_before`
    exclusive; either one leaves out tasks without a due date.
    """

    viewer_id: UserId | None = None
    event_id: EventId | None = None
    assignee_id: UserId | None = None
    status: TaskStatus | None = None
    due_from: datetime | None = None
    due_before: datetime | None = None


def new_task(
    event: Event,
    creator_id: UserId,
    fields: Mapping[str, Any],
    now: datetime,
    *,
    creator_takes_part: bool,
    assignee_takes_part: bool,
) -> Task:
    """A validated, unsaved task of `event`.

    Raises Forbidden when the creator does not take part in the event, and
    InvalidValue for a bad field, including an assignee who does not take part.
    """
    if not creator_takes_part:
        raise Forbidden("Only people taking part in the event can add tasks to it.")
    values = _known(fields, CREATION_FIELDS)
    task = Task(
        event_id=event.id, creator_id=creator_id, created_at=now, updated_at=now, **_coerced(values)
    )
    if task.assignee_id is not None:
        _check_assignee(assignee_takes_part)
    check_task(task)
    return task


def update_task(
    task: Task,
    event: Event,
    actor_id: UserId,
    changes: Mapping[str, Any],
    now: datetime,
    *,
    assignee_takes_part: bool,
) -> Task:
    """The task with `changes` applied by `actor_id`.

    Only the task's creator or assignee may change it (else Forbidden). A new
    assignee follows the assignment rule (see `assign`); a change of status
    to or from completed sets or clears `completed_at`.
    """
    if not task.may_be_changed_by(actor_id):
        raise Forbidden("Only the task's creator or assignee can change it.")
    values = _coerced(_known(changes, UPDATE_FIELDS))
    if "assignee_id" in values and values["assignee_id"] != task.assignee_id:
        if not task.may_be_assigned_by(actor_id, event):
            raise Forbidden(
                "Only the event's creator or the task's creator can reassign it.",
                field="assignee_id",
            )
        if values["assignee_id"] is not None:
            _check_assignee(assignee_takes_part)
    status = values.pop("status", task.status)
    updated = _with_status(attrs.evolve(task, **values, updated_at=now), status, now)
    check_task(updated)
    return updated


def assign(
    task: Task,
    event: Event,
    actor_id: UserId,
    assignee_id: UserId,
    now: datetime,
    *,
    assignee_takes_part: bool,
) -> Task:
    """The task assigned to `assignee_id` by `actor_id`.

    Raises Forbidden unless the actor created the event or the task, and
    InvalidValue when the assignee does not take part in the event.
    """
    if not task.may_be_assigned_by(actor_id, event):
        raise Forbidden("Only the event's creator or the task's creator can assign it.")
    _check_assignee(assignee_takes_part)
    return attrs.evolve(task, assignee_id=assignee_id, updated_at=now)


def complete(task: Task, actor_id: UserId, now: datetime) -> Task:
    """The task marked completed by its assignee or creator (else Forbidden).

    Completing a completed task changes nothing: it keeps its first `completed_at`.
    """
    if not task.may_be_changed_by(actor_id):
        raise Forbidden("Only the task's assignee or creator can complete it.")
    if task.status is TaskStatus.COMPLETED:
        return task
    return _with_status(attrs.evolve(task, updated_at=now), TaskStatus.COMPLETED, now)


def check_task(task: Task) -> None:
    check_length(task.title, "title", minimum=1, maximum=TITLE_MAX_LENGTH)
    require(bool(task.title.strip()), "title", "title may not be blank.")
    check_length(task.description, "description", maximum=DESCRIPTION_MAX_LENGTH)
    if task.due_date is not None:
        require(
            task.due_date.utcoffset() is not None, "due_date", "due_date must carry a time zone."
        )


def _with_status(task: Task, status: TaskStatus, now: datetime) -> Task:
    if status is TaskStatus.COMPLETED:
        completed_at = task.completed_at if task.status is TaskStatus.COMPLETED else now
        return attrs.evolve(task, status=status, completed_at=completed_at)
    return attrs.evolve(task, status=status, completed_at=None)


def _check_assignee(takes_part: bool) -> None:
    require(takes_part, "assignee_id", "The assignee must take part in the event.")


def _known(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    require(not unknown, min(unknown, default=""), "This field cannot be set.")
    return dict(fields)


E = TypeVar("E", bound=enum.Enum)


def _member(kind: type[E], value: Any, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise InvalidValue(f"{field} must be one of {allowed}.", field=field) from None


def _coerced(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with status and priority as their enums (library callers may pass text)."""
    if "status" in values:
        values["status"] = _member(TaskStatus, values["status"], "status")
    if "priority" in values:
        values["priority"] = _member(TaskPriority, values["priority"], "priority")
    return values
