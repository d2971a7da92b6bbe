"""/api/v1/events/: list, create, detail, update, delete, join, leave."""

from __future__ import annotations

from typing import Any

from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventStatus
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.views import EventView
from eventcore.http.context import core
from eventcore.http.surfaces.gatherhub import planning_schemas, schemas
from eventcore.http.surfaces.gatherhub.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.http.surfaces.gatherhub.paging import day_start, paged
from eventcore.usecases import attendance, events

blp = gatherhub_blueprint("events", "/api/v1/events", "Events and participation")
blp_doc = {"security": [BEARER_SCHEME]}


@blp.route("/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.EventListQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.EventPageOut)
def list_events(page: int, page_size: int, **query: Any) -> dict[str, Any]:
    c = core()
    where = EventFilter(
        viewer_id=actor().id,
        search=query.get("search") or None,
        status=EventStatus(query["status"]) if "status" in query else None,
        now=c.clock.now(),
        creator_id=UserId(query["creator"]) if "creator" in query else None,
        starts_from=day_start(query.get("date_from")),
        starts_before=day_start(query.get("date_to"), days_after=1),
    )
    found = events.list_events(c.uow(), where, PageRequest(page, page_size))
    return paged(found)


@blp.route("/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.EventIn)
@blp.response(201, schemas.EventOut)
def create_event(draft: EventDraft) -> EventView:
    c = core()
    return events.create_event(c.uow(), c.clock, c.notifier, actor().id, draft)


@blp.route("/<int:event_id>/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, planning_schemas.EventOverviewOut)
@blp.alt_response(404, description="Event does not exist")
def event_detail(event_id: int) -> Any:
    return events.event_overview(core().uow(), actor().id, EventId(event_id))


@blp.route("/<int:event_id>/", methods=["PUT", "PATCH"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.EventPatchIn(partial=True))
@blp.response(200, schemas.EventOut)
@blp.alt_response(403, description="Not the event creator")
@blp.alt_response(404, description="Event does not exist")
def update_event(changes: EventChanges, event_id: int) -> EventView:
    c = core()
    return events.update_event(c.uow(), c.clock, c.notifier, actor().id, EventId(event_id), changes)


@blp.route("/<int:event_id>/", methods=["DELETE"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(204)
@blp.alt_response(403, description="Not the event creator")
@blp.alt_response(404, description="Event does not exist")
def delete_event(event_id: int) -> None:
    events.delete_event(core().uow(), actor().id, EventId(event_id))


@blp.route("/<int:event_id>/join/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.ParticipationOut)
@blp.alt_response(400, description="Already a participant or event is full")
@blp.alt_response(404, description="Event does not exist")
def join(event_id: int) -> dict[str, Any]:
    c = core()
    view = attendance.join_event(c.uow(), c.clock, c.notifier, actor().id, EventId(event_id))
    return {"message": "Successfully joined the event", "event": view}


@blp.route("/<int:event_id>/leave/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.ParticipationOut)
@blp.alt_response(400, description="Not a participant")
@blp.alt_response(403, description="Event creator cannot leave")
@blp.alt_response(404, description="Event does not exist")
def leave(event_id: int) -> dict[str, Any]:
    c = core()
    view = attendance.leave_event(c.uow(), c.clock, c.notifier, actor().id, EventId(event_id))
    return {"message": "Successfully left the event", "event": view}
