"""/api/events: every signed-in user lists and reads events and creates them; the
creator (and moderators and admins, as on every API) changes and deletes them."""

from __future__ import annotations

from typing import Any

from flask import Response

from eventcore.domain.access import EventManagement, EventPolicy
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventImage
from eventcore.domain.ids import EventId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.http.context import core, timezone
from eventcore.http.surfaces.community import schemas
from eventcore.http.surfaces.community.auth import COOKIE_SCHEME, actor, session_required
from eventcore.http.surfaces.community.blueprint import community_blueprint
from eventcore.http.surfaces.community.errors import Speech, speaking
from eventcore.usecases import events

blp = community_blueprint("events", "Events, with the seed's split date and time fields")
secured = {"security": [COOKIE_SCHEME]}
# The creator manages; the community knows interest, not seats: no organizer seat.
POLICY = EventPolicy(EventManagement.CREATORS, organizer_takes_seat=False)
NOT_FOUND = "Event not found"


@blp.route("/events", methods=["POST"])
@session_required
@speaking(Speech(invalid="An error occurred creating the event."))
@blp.doc(**secured)
@blp.arguments(schemas.EventIn)
@blp.response(201, schemas.EventEnvelope)
@blp.alt_response(400, description="An error occurred creating the event: <field> ...")
def create_event(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    draft = EventDraft(
        title=body["title"],
        description=body.get("description") or "",
        location=body.get("location") or "",
        starts_at=schemas.moment(body["start_date"], body["start_time"]),
        ends_at=_end(body),
        images=(EventImage(body["thumbnail"], True),) if body.get("thumbnail") else (),
    )
    c = core()
    view = events.create_event(c.uow(), c.clock, c.notifier, actor().id, draft, POLICY)
    return {"message": "Event Created", "data": schemas.event_out(view)}, 201


@blp.route("/events", methods=["GET"])
@session_required
@speaking(Speech(invalid="something went wrong"))
@blp.doc(**secured)
@blp.arguments(schemas.EventListQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.EventsEnvelope)
def list_events(page: int, limit: int) -> dict[str, Any]:
    found = events.list_events(
        core().uow(), EventFilter(viewer_id=actor().id), PageRequest(page, limit)
    )
    return {
        "message": "events returned succesfully",
        "data": [schemas.event_out(view) for view in found.items],
    }


@blp.route("/events/<int:event_id>", methods=["GET"])
@session_required
@speaking(Speech(invalid="something went wrong", not_found=NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.EventEnvelope)
@blp.alt_response(404, description=NOT_FOUND)
def get_event(event_id: int) -> dict[str, Any]:
    details = events.get_event(core().uow(), actor().id, EventId(event_id))
    return {"message": "Event successfully Found", "data": schemas.event_out(details.view)}


@blp.route("/events/<int:event_id>", methods=["PUT"])
@session_required
@speaking(
    Speech(
        invalid="An error occurred updating the event.",
        not_found=NOT_FOUND,
        forbidden="Only the creator can update this event",
    )
)
@blp.doc(**secured)
@blp.arguments(schemas.EventPatchIn)
@blp.response(201, schemas.EventEnvelope)
@blp.alt_response(403, description="Only the creator can update this event")
@blp.alt_response(404, description=NOT_FOUND)
def update_event(body: dict[str, Any], event_id: int) -> tuple[dict[str, Any], int]:
    c = core()
    current = events.open_event(c.uow(), actor().id, EventId(event_id))
    values: dict[str, Any] = {
        name: body[name] for name in ("title", "description", "location") if name in body
    }
    start = current.starts_at.astimezone(timezone())
    if "start_date" in body or "start_time" in body:
        values["starts_at"] = schemas.moment(
            body.get("start_date", start.date()), body.get("start_time", start.time())
        )
    if "end_date" in body or "end_time" in body:
        values["ends_at"] = _changed_end(body, current.ends_at, values.get("starts_at", start))
    if "thumbnail" in body:
        values["images_at"] = {0: body["thumbnail"]}
    view = events.update_event(
        c.uow(), c.clock, c.notifier, actor().id, EventId(event_id), EventChanges(**values), POLICY
    )
    return {"message": "item updated", "data": schemas.event_out(view)}, 201


@blp.route("/events/<int:event_id>", methods=["DELETE"])
@session_required
@speaking(Speech(not_found=NOT_FOUND, forbidden="Only the creator can delete this event"))
@blp.doc(**secured)
@blp.response(204, description="Deleted")
@blp.alt_response(403, description="Only the creator can delete this event")
@blp.alt_response(404, description=NOT_FOUND)
def delete_event(event_id: int) -> Response:
    events.delete_event(core().uow(), actor().id, EventId(event_id), POLICY)
    return Response(status=204)


def _end(body: dict[str, Any]) -> Any:
    if body.get("end_time") is None:
        return None
    return schemas.moment(body.get("end_date") or body["start_date"], body["end_time"])


def _changed_end(body: dict[str, Any], ends_at: Any, starts_at: Any) -> Any:
    """The new end: the parts sent over the current end (or the start's day)."""
    if body.get("end_date", 0) is None or body.get("end_time", 0) is None:
        return None
    base = (ends_at or starts_at).astimezone(timezone())
    return schemas.moment(body.get("end_date", base.date()), body.get("end_time", base.time()))
