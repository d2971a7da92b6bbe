"""/api/v1/events/<id>/waitlist/: joining and leaving an event's waiting list (an
eventcore extension of the GatherHub document; see docs/gatherhub-waiting-lists.md)."""

from __future__ import annotations

from typing import Any

from eventcore.domain.ids import EventId
from eventcore.http.context import core
from eventcore.http.surfaces.gatherhub import schemas
from eventcore.http.surfaces.gatherhub.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.usecases import attendance

blp = gatherhub_blueprint(
    "waiting_lists",
    "/api/v1/events",
    "Waiting lists: a place in the queue of a full event, and a seat as soon as one frees up",
)
blp_doc = {"security": [BEARER_SCHEME]}


@blp.route("/<int:event_id>/waitlist/join/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.WaitingPlaceOut)
@blp.alt_response(
    400,
    description="Already a participant or on the waiting list, or the event has free "
    "seats (join it instead)",
)
@blp.alt_response(404, description="Event does not exist")
def join_waiting_list(event_id: int) -> dict[str, Any]:
    c = core()
    place = attendance.join_waiting_list(c.uow(), c.clock, actor().id, EventId(event_id))
    return {
        "message": "You are on the waiting list",
        "view": place.view,
        "waiting_list": place.waiting_list,
    }


@blp.route("/<int:event_id>/waitlist/leave/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.WaitingPlaceOut)
@blp.alt_response(400, description="Not on the waiting list")
@blp.alt_response(404, description="Event does not exist")
def leave_waiting_list(event_id: int) -> dict[str, Any]:
    c = core()
    place = attendance.leave_waiting_list(c.uow(), c.clock, actor().id, EventId(event_id))
    return {
        "message": "You left the waiting list",
        "view": place.view,
        "waiting_list": place.waiting_list,
    }
