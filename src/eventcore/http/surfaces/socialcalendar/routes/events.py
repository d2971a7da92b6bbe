"""/events (a month of the caller's calendar), /event (read, create, change, delete)
and /event/group/leave.

The calendar shows the caller's own events (usecases/calendar.own_month). A group
event gets its chat, and its creator as first member, when it is made.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from eventcore.domain.access import EventManagement, EventPolicy
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventKind
from eventcore.domain.ids import EventId
from eventcore.http.context import core, timezone
from eventcore.http.surfaces.socialcalendar import schemas
from eventcore.http.surfaces.socialcalendar.auth import SECURED, actor, session_required
from eventcore.http.surfaces.socialcalendar.blueprint import socialcalendar_blueprint
from eventcore.usecases import calendar, events, group_events

blp = socialcalendar_blueprint("events", "The month calendar, single and group events")
# The creator manages an event and is its first member; a private event opened by
# someone who may not see it is a 403, as the seed lists.
POLICY = EventPolicy(EventManagement.CREATORS, organizer_takes_seat=True, hidden_as_forbidden=True)
# The body's names for the event's fields.
_CHANGED = {
    "name": "title",
    "is_private": "is_private",
    "datetime": "starts_at",
    "address": "address",
    "icon": "icon",
    "description": "description",
}


@blp.route("/events", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.MonthQuery, location="query", as_kwargs=True)
@blp.response(200, description="{day of month: [events starting that day]}")
@blp.alt_response(400, description="year or month missing or out of range")
@blp.alt_response(401, description="No valid session")
def month(year: int, month: int) -> dict[int, list[dict[str, Any]]]:
    """The caller's events of one month, by day of the month."""
    found = calendar.own_month(core().uow(), actor().id, year, month, timezone())
    return {day: [schemas.calendar_entry(view) for view in views] for day, views in found.items()}


@blp.route("/event", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.EventOut)
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="A private event the caller is no member of")
@blp.alt_response(404, description="No such event")
def get_event(id: int) -> dict[str, Any]:
    """One event; a group event with its members and chat."""
    return schemas.event(group_events.planned_event(core().uow(), actor().id, EventId(id), POLICY))


@blp.route("/event", methods=["POST"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.EventIn)
@blp.response(200, schemas.CreatedOut, description="The new event's id")
@blp.alt_response(400, description="A body that is not valid, naming the field")
@blp.alt_response(401, description="No valid session")
def create_event(body: dict[str, Any]) -> dict[str, str]:
    """Create a single or group event (a group event with its chat)."""
    draft = EventDraft(
        title=body["name"],
        kind=EventKind(body["type"]),
        is_private=body["is_private"],
        starts_at=body["datetime"],
        address=body["address"],
        icon=body["icon"],
        description=body["description"],
    )
    c = core()
    view = events.create_event(c.uow(), c.clock, c.notifier, actor().id, draft, POLICY)
    return {"id": str(view.event.id)}


@blp.route("/event", methods=["PUT"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.EventPutIn)
@blp.response(204, description="Changed")
@blp.alt_response(400, description="A body that is not valid, naming the field")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Not the event's creator")
@blp.alt_response(404, description="No event of this type with this id")
def update_event(body: dict[str, Any]) -> Response:
    """Change an event: the fields sent; `id` and `type` are required."""
    changes = EventChanges(
        kind_must_be=EventKind(body["type"]),
        **{_CHANGED[name]: value for name, value in body.items() if name in _CHANGED},
    )
    c = core()
    events.update_event(
        c.uow(), c.clock, c.notifier, actor().id, EventId(body["id"]), changes, POLICY
    )
    return Response(status=204)


@blp.route("/event", methods=["DELETE"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(204, description="Deleted, with its chat and invites")
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Not the event's creator")
@blp.alt_response(404, description="No such event")
def delete_event(id: int) -> Response:
    """Delete an event (its creator only)."""
    events.delete_event(core().uow(), actor().id, EventId(id), POLICY)
    return Response(status=204)


@blp.route("/event/group/leave", methods=["DELETE"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(204, description="Left; the event is deleted when the caller was its last member")
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="Not a member, or the creator while others take part")
@blp.alt_response(404, description="No such group event")
def leave_group(id: int) -> Response:
    """Leave a group event."""
    c = core()
    group_events.leave_group_event(c.uow(), c.clock, c.notifier, actor().id, EventId(id), POLICY)
    return Response(status=204)
