"""Tasks of an event: create, read, list, update, assign, complete.

Notices go out after the commit: task_created, task_updated, task_assigned and
task_completed, heard by everyone for a public event and by its creator and
participants for a private one.
"""

from __future__ import annotations

from eventcore.domain import tasks as rules
from eventcore.domain.errors import InvalidValue, NotFound, Reason
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.inputs import Unset
from eventcore.domain.notices import TaskAssigned, TaskCompleted, TaskCreated, TaskUpdated
from eventcore.domain.paging import Page, PageRequest
from eventcore.domain.planning_views import TaskView
from eventcore.domain.tasks import Task, TaskChanges, TaskDraft, TaskFilter, TaskStatus
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.event_access import audience, takes_part, visible_event


def create_task(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    draft: TaskDraft,
) -> TaskView:
    """Add a task to an event the actor takes part in.

    Raises InvalidValue for a bad field (`event_id` when the actor can see no
    such event; `assignee_id` for someone not taking part), Forbidden when the
    actor does not take part in the event.
    """
    now = clock.now()
    with uow:
        event = visible_event(
            uow, actor_id, event_id, missing=InvalidValue("event_id", Reason.NO_SUCH_EVENT)
        )
        task = rules.new_task(
            event,
            actor_id,
            draft,
            now,
            creator_takes_part=takes_part(uow, event, actor_id),
            assignee_takes_part=takes_part(uow, event, draft.assignee_id),
        )
        view = _view(uow, uow.tasks.add(task).id)
        heard_by = audience(uow, event)
        uow.commit()
    notifier.publish(TaskCreated(task=view.task, audience=heard_by))
    return view


def get_task(uow: UnitOfWork, viewer_id: UserId | None, task_id: TaskId) -> TaskView:
    """The task with its event, creator and assignee.

    Raises NotFound, also when the viewer may not see the task's event.
    """
    with uow:
        _task_and_event(uow, viewer_id, task_id)
        return _view(uow, task_id)


def list_tasks(uow: UnitOfWork, where: TaskFilter, request: PageRequest) -> Page[TaskView]:
    """One page of the tasks matching `where`, oldest first."""
    with uow:
        return uow.tasks.page(where, request)


def update_task(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    task_id: TaskId,
    changes: TaskChanges,
) -> TaskView:
    """Change a task as its creator or assignee.

    Raises NotFound, Forbidden (not the creator or assignee; a new assignee
    chosen by someone who may not assign), or InvalidValue.
    """
    now = clock.now()
    with uow:
        task, event = _task_and_event(uow, actor_id, task_id)
        new_assignee = None if isinstance(changes.assignee_id, Unset) else changes.assignee_id
        updated = rules.update_task(
            task,
            event,
            actor_id,
            changes,
            now,
            assignee_takes_part=takes_part(uow, event, new_assignee),
        )
        uow.tasks.save(updated)
        view = _view(uow, task_id)
        heard_by = audience(uow, event)
        uow.commit()
    notifier.publish(TaskUpdated(task=view.task, audience=heard_by))
    if updated.assignee_id is not None and updated.assignee_id != task.assignee_id:
        notifier.publish(TaskAssigned(task=view.task, audience=heard_by))
    if updated.status is TaskStatus.COMPLETED and task.status is not TaskStatus.COMPLETED:
        notifier.publish(TaskCompleted(task=view.task, audience=heard_by))
    return view


def assign_task(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    task_id: TaskId,
    assignee_id: UserId,
) -> TaskView:
    """Give the task to someone taking part in its event.

    Raises NotFound, Forbidden (not the event's or the task's creator), or
    InvalidValue (`assignee_id` does not take part).
    """
    now = clock.now()
    with uow:
        task, event = _task_and_event(uow, actor_id, task_id)
        assigned = rules.assign(
            task,
            event,
            actor_id,
            assignee_id,
            now,
            assignee_takes_part=takes_part(uow, event, assignee_id),
        )
        uow.tasks.save(assigned)
        view = _view(uow, task_id)
        heard_by = audience(uow, event)
        uow.commit()
    notifier.publish(TaskAssigned(task=view.task, audience=heard_by))
    return view


def complete_task(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, task_id: TaskId
) -> TaskView:
    """Mark the task completed, as its assignee or creator; a completed task stays as it is.

    Raises NotFound or Forbidden.
    """
    now = clock.now()
    with uow:
        task, event = _task_and_event(uow, actor_id, task_id)
        completed = rules.complete(task, actor_id, now)
        if completed == task:
            return _view(uow, task_id)
        uow.tasks.save(completed)
        view = _view(uow, task_id)
        heard_by = audience(uow, event)
        uow.commit()
    notifier.publish(TaskCompleted(task=view.task, audience=heard_by))
    return view


def _task_and_event(
    uow: UnitOfWork, viewer_id: UserId | None, task_id: TaskId
) -> tuple[Task, Event]:
    missing = NotFound("Task not found.", field="id")
    task = uow.tasks.get(task_id)
    if task is None:
        raise missing
    return task, visible_event(uow, viewer_id, task.event_id, missing=missing)


def _view(uow: UnitOfWork, task_id: TaskId) -> TaskView:
    view = uow.tasks.view(task_id)
    if view is None:
        raise NotFound("Task not found.", field="id")
    return view
