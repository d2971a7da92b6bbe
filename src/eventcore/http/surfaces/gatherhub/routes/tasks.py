"""/api/v1/tasks/: list, create, detail, update, assign, complete."""

from __future__ import annotations

from typing import Any

from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.paging import PageRequest
from eventcore.domain.planning_views import TaskView
from eventcore.domain.tasks import TaskChanges, TaskDraft, TaskFilter, TaskStatus
from eventcore.http.context import core
from eventcore.http.surfaces.gatherhub import planning_schemas as schemas
from eventcore.http.surfaces.gatherhub.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.http.surfaces.gatherhub.paging import day_start, paged
from eventcore.usecases import tasks

blp = gatherhub_blueprint("tasks", "/api/v1/tasks", "Tasks of events")
blp_doc = {"security": [BEARER_SCHEME]}


@blp.route("/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.TaskListQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.TaskPageOut)
def list_tasks(page: int, page_size: int, **query: Any) -> dict[str, Any]:
    where = TaskFilter(
        viewer_id=actor().id,
        event_id=EventId(query["event"]) if "event" in query else None,
        assignee_id=UserId(query["assignee"]) if "assignee" in query else None,
        status=TaskStatus(query["status"]) if "status" in query else None,
        due_from=day_start(query.get("due_date_from")),
        due_before=day_start(query.get("due_date_to"), days_after=1),
    )
    return paged(tasks.list_tasks(core().uow(), where, PageRequest(page, page_size)))


@blp.route("/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.TaskIn)
@blp.response(201, schemas.TaskCreatedOut)
@blp.alt_response(400, description="Invalid fields, or an assignee not taking part")
@blp.alt_response(403, description="Not taking part in the event")
def create_task(fields: dict[str, Any]) -> TaskView:
    c = core()
    event_id = EventId(fields.pop("event_id"))
    return tasks.create_task(
        c.uow(), c.clock, c.notifier, actor().id, event_id, TaskDraft(**fields)
    )


@blp.route("/<int:task_id>/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.TaskDetailOut)
@blp.alt_response(404, description="Task does not exist")
def task_detail(task_id: int) -> TaskView:
    return tasks.get_task(core().uow(), actor().id, TaskId(task_id))


@blp.route("/<int:task_id>/", methods=["PUT", "PATCH"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.TaskUpdateIn(partial=True))
@blp.response(200, schemas.TaskUpdatedOut)
@blp.alt_response(403, description="Not the task's creator or assignee")
@blp.alt_response(404, description="Task does not exist")
def update_task(changes: dict[str, Any], task_id: int) -> TaskView:
    c = core()
    return tasks.update_task(
        c.uow(), c.clock, c.notifier, actor().id, TaskId(task_id), TaskChanges(**changes)
    )


@blp.route("/<int:task_id>/assign/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.AssignIn)
@blp.response(200, schemas.AssignedOut)
@blp.alt_response(400, description="The assignee does not take part in the event")
@blp.alt_response(403, description="Not the event's or the task's creator")
@blp.alt_response(404, description="Task does not exist")
def assign(data: dict[str, Any], task_id: int) -> dict[str, Any]:
    c = core()
    view = tasks.assign_task(
        c.uow(), c.clock, c.notifier, actor().id, TaskId(task_id), UserId(data["assignee_id"])
    )
    return {"message": "Task assigned successfully", "task": view}


@blp.route("/<int:task_id>/complete/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.CompletedOut)
@blp.alt_response(403, description="Not the task's assignee or creator")
@blp.alt_response(404, description="Task does not exist")
def complete(task_id: int) -> dict[str, Any]:
    c = core()
    view = tasks.complete_task(c.uow(), c.clock, c.notifier, actor().id, TaskId(task_id))
    return {"message": "Task marked as completed", "task": view}
