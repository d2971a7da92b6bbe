"""Tasks of an event: who may create, change, assign and complete them.

Participation arrives as booleans computed by the caller ("does this user take
part in the event?"): the rules never look anything up themselves. Taking part
means being a registered participant; the organizer always is one.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs
from attrs import define, frozen

from eventcore.domain.errors import Forbidden, Reason
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.inputs import (
    MOMENT,
    TEXT,
    WHOLE,
    Change,
    change,
    choice,
    given,
    nullable,
    optional,
    refuses_unknown_fields,
    required,
)
from eventcore.domain.validation import check_length, check_title, require

UNSAVED = TaskId(0)
TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000


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


@refuses_unknown_fields
@frozen(kw_only=True)
class TaskDraft:
    """A new task of an event, as a client describes it."""

    title: str = required(TEXT)
    description: str = optional(TEXT, "")
    priority: TaskPriority = optional(choice(TaskPriority), TaskPriority.MEDIUM)
    due_date: datetime | None = optional(nullable(MOMENT), None)
    assignee_id: UserId | None = optional(nullable(WHOLE), None)


@refuses_unknown_fields
@frozen(kw_only=True)
class TaskChanges:
    """What an update of a task changes; UNSET leaves a field as it is."""

    title: Change[str] = change(TEXT)
    description: Change[str] = change(TEXT)
    priority: Change[TaskPriority] = change(choice(TaskPriority))
    due_date: Change[datetime | None] = change(nullable(MOMENT))
    assignee_id: Change[UserId | None] = change(nullable(WHOLE))
    status: Change[TaskStatus] = change(choice(TaskStatus))


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
    draft: TaskDraft,
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
    task = Task(
        event_id=event.id,
        creator_id=creator_id,
        created_at=now,
        updated_at=now,
        **attrs.asdict(draft, recurse=False),
    )
    if task.assignee_id is not None:
        _check_assignee(assignee_takes_part)
    check_task(task)
    return task


def update_task(
    task: Task,
    event: Event,
    actor_id: UserId,
    changes: TaskChanges,
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
    values = given(changes)
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
    check_title(task.title, maximum=TITLE_MAX_LENGTH)
    check_length(task.description, "description", maximum=DESCRIPTION_MAX_LENGTH)
    if task.due_date is not None:
        require(task.due_date.utcoffset() is not None, "due_date", Reason.NO_TIME_ZONE)


def _with_status(task: Task, status: TaskStatus, now: datetime) -> Task:
    if status is TaskStatus.COMPLETED:
        completed_at = task.completed_at if task.status is TaskStatus.COMPLETED else now
        return attrs.evolve(task, status=status, completed_at=completed_at)
    return attrs.evolve(task, status=status, completed_at=None)


def _check_assignee(takes_part: bool) -> None:
    require(takes_part, "assignee_id", Reason.ASSIGNEE_NOT_TAKING_PART)
