"""SqlTaskRepository with the task row functions and list query.

Statement counts, whatever the page size: `page` two (COUNT, the page joined
with event, creator and assignee), `view` one, `of_event` one; `add`, `get` and
`save` one each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import attrs
from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, insert, select, update

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.event_children import (
    CREATOR,
    creator,
    event_columns,
    event_ref,
    listed_for,
    person_columns,
)
from eventcore.adapters.sqlalchemy.repositories import _new_id, _Repository
from eventcore.adapters.sqlalchemy.tables import events, tasks, users
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.paging import Page, PageRequest
from eventcore.domain.planning_views import TaskView
from eventcore.domain.tasks import Task, TaskFilter, TaskPriority, TaskStatus

ASSIGNEE = "assignee__"

_assignee = users.alias("assignee")


def task_from_row(row: rows.Row) -> Task:
    assignee_id = row["assignee_id"]
    return Task(
        id=TaskId(row["id"]),
        event_id=EventId(row["event_id"]),
        title=row["title"],
        creator_id=UserId(row["creator_id"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        description=row["description"],
        status=TaskStatus(row["status"]),
        priority=TaskPriority(row["priority"]),
        due_date=row["due_date"],
        assignee_id=None if assignee_id is None else UserId(assignee_id),
        completed_at=row["completed_at"],
    )


def task_values(task: Task) -> rows.Values:
    """Every column but `id`."""
    return {
        "event_id": task.event_id,
        "title": task.title,
        "description": task.description,
        "status": task.status.value,
        "priority": task.priority.value,
        "due_date": task.due_date,
        "assignee_id": task.assignee_id,
        "creator_id": task.creator_id,
        "created_at": task.created_at,
        "updated_at": task.updated_at,
        "completed_at": task.completed_at,
    }


def _task_view_select() -> Select[Any]:
    return (
        select(
            tasks,
            *event_columns(),
            *person_columns(creator, CREATOR),
            *person_columns(_assignee, ASSIGNEE),
        )
        .join(events, events.c.id == tasks.c.event_id)
        .join(creator, creator.c.id == tasks.c.creator_id)
        .outerjoin(_assignee, _assignee.c.id == tasks.c.assignee_id)
    )


def _task_view(row: rows.Row) -> TaskView:
    assignee = None
    if row[f"{ASSIGNEE}id"] is not None:
        assignee = rows.user_summary_from_row(row, ASSIGNEE)
    return TaskView(
        task_from_row(row), event_ref(row), rows.user_summary_from_row(row, CREATOR), assignee
    )


def _task_conditions(where: TaskFilter) -> list[ColumnElement[bool]]:
    clauses = listed_for(where.viewer_id)
    if where.event_id is not None:
        clauses.append(tasks.c.event_id == where.event_id)
    if where.assignee_id is not None:
        clauses.append(tasks.c.assignee_id == where.assignee_id)
    if where.status is not None:
        clauses.append(tasks.c.status == where.status.value)
    # A comparison with NULL is never true: tasks without a due date drop out.
    if where.due_from is not None:
        clauses.append(tasks.c.due_date >= where.due_from)
    if where.due_before is not None:
        clauses.append(tasks.c.due_date < where.due_before)
    return clauses


_TASKS_OF: Final = (
    select(tasks)
    .where(tasks.c.event_id == bindparam("event_id", type_=Integer()))
    .order_by(tasks.c.id)
)


class SqlTaskRepository(_Repository):
    def add(self, task: Task) -> Task:
        result = self._connection.execute(insert(tasks).values(task_values(task)))
        return attrs.evolve(task, id=TaskId(_new_id(result)))

    def get(self, task_id: TaskId) -> Task | None:
        row = (
            self._connection.execute(select(tasks).where(tasks.c.id == task_id)).mappings().first()
        )
        return None if row is None else task_from_row(row)

    def save(self, task: Task) -> None:
        self._connection.execute(
            update(tasks).where(tasks.c.id == task.id).values(task_values(task))
        )

    def view(self, task_id: TaskId) -> TaskView | None:
        row = (
            self._connection.execute(_task_view_select().where(tasks.c.id == task_id))
            .mappings()
            .first()
        )
        return None if row is None else _task_view(row)

    def page(self, where: TaskFilter, request: PageRequest) -> Page[TaskView]:
        clauses = _task_conditions(where)
        total = self._connection.execute(
            select(func.count())
            .select_from(tasks.join(events, events.c.id == tasks.c.event_id))
            .where(*clauses)
        ).scalar_one()
        chosen = self._connection.execute(
            _task_view_select()
            .where(*clauses)
            .order_by(tasks.c.id)
            .offset(request.offset)
            .limit(request.page_size)
        ).mappings()
        return Page([_task_view(row) for row in chosen], total, request)

    def of_event(self, event_id: EventId) -> Sequence[Task]:
        result = self._connection.execute(_TASKS_OF, {"event_id": event_id}).mappings()
        return [task_from_row(row) for row in result]
