"/api/events: the public list and detail; create, change and delete for moderators and admins."

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from flask import Response

from eventcore.domain import errors as domain_errors
from eventcore.domain.access import STAFF_SELL_TICKETS
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.ids import EventId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.views import EventView
from eventcore.http.context import core
from eventcore.http.streaming import streamed_list
from eventcore.http.surfaces.ticketing import schemas
from eventcore.http.surfaces.ticketing.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.ticketing.blueprint import ticketing_blueprint
from eventcore.http.surfaces.ticketing.errors import (
    ACCESS_DENIED,
    EVENT_NOT_FOUND,
    Say,
    path_id,
    saying,
)
from eventcore.usecases import events

blp = ticketing_blueprint("events", "Events: anyone reads them, staff manage them")
secured = {"security": [BEARER_SCHEME]}
# On this API only moderators and admins create, change and delete events, and every
# seat is for sale.
POLICY = STAFF_SELL_TICKETS
_EVENT_OUT = schemas.EventOut()
event_not_found = Say(domain_errors.NotFound, EVENT_NOT_FOUND)
access_denied = Say(domain_errors.Forbidden, ACCESS_DENIED)


@blp.route("/events", methods=["GET"])
@blp.arguments(schemas.EventListQuery, location="query", as_kwargs=True)
@blp.response(
    200,
    schemas.EventsOut,
    headers={
        "X-Total-Count": {
            "description": "How many events there are in all",
            "schema": {"type": "integer"},
        }
    },
)
def list_events(
    page: int | None = None, limit: int | None = None
) -> tuple[dict[str, Any], int, dict[str, str]] | Response:
    # Anonymous, like the seed: public events only, soonest first. The seed documents
    # "a list of all events"; a page only when the client asks for one.
    if page is None and limit is None:
        return _every_event()
    request = PageRequest(page or 1, limit or schemas.MAX_PAGE_LIMIT)
    found = events.list_events(core().uow(), EventFilter(), request)
    return {"events": found.items}, 200, {"X-Total-Count": str(found.total)}


def _every_event() -> Response:
    # Written while it is read: at 100 000 events the answer is 38 MB.
    reading = ExitStack()
    try:
        found = reading.enter_context(events.streaming_events(core().uow(), EventFilter()))
        total = {"X-Total-Count": str(found.total)}
        return streamed_list("events", found.items, _EVENT_OUT, close=reading.close, headers=total)
    except BaseException:
        reading.close()
        raise


@blp.route("/events/<event_id>", methods=["GET"])
@saying(event_not_found)
@blp.response(200, schemas.OneEventOut)
@blp.alt_response(400, description="Invalid event ID")
@blp.alt_response(404, description="Event not found")
def get_event(event_id: str) -> dict[str, EventView]:
    details = events.get_event(core().uow(), None, EventId(path_id(event_id)))
    return {"event": details.view}


@blp.route("/events", methods=["POST"])
@bearer_required
@saying(access_denied)
@blp.doc(**secured)
@blp.arguments(schemas.EventIn)
@blp.response(201, schemas.NewEventOut)
@blp.alt_response(400, description="Invalid input, such as a missing title or an unknown category")
@blp.alt_response(403, description="Access denied: only moderators and admins")
def create_event(draft: EventDraft) -> dict[str, EventView]:
    c = core()
    view = events.create_event(c.uow(), c.clock, c.notifier, actor().id, draft, POLICY)
    return {"newEvent": view}


@blp.route("/events/<event_id>", methods=["PATCH"])
@bearer_required
@saying(access_denied, event_not_found)
@blp.doc(**secured)
@blp.arguments(schemas.EventPatchIn(partial=True))
@blp.response(200, schemas.UpdatedEventOut)
@blp.alt_response(400, description="Invalid input, such as an unknown category")
@blp.alt_response(403, description="Access denied: only moderators and admins")
@blp.alt_response(404, description="Event not found")
def update_event(changes: EventChanges, event_id: str) -> dict[str, EventView]:
    c = core()
    view = events.update_event(
        c.uow(), c.clock, c.notifier, actor().id, EventId(path_id(event_id)), changes, POLICY
    )
    return {"updatedEvent": view}


@blp.route("/events/<event_id>", methods=["DELETE"])
@bearer_required
@saying(access_denied, event_not_found)
@blp.doc(**secured)
@blp.response(200, schemas.EmptyOut)
@blp.alt_response(400, description="Bad Request: id must be a number")
@blp.alt_response(403, description="Access denied: only moderators and admins")
@blp.alt_response(404, description="Event not found")
def delete_event(event_id: str) -> dict[str, Any]:
    events.delete_event(core().uow(), actor().id, EventId(path_id(event_id)), POLICY)
    return {}
