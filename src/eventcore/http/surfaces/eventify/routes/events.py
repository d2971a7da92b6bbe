"""/api/events/: event types, and events by pincode, id, category, month and date."""

from __future__ import annotations

from typing import Any

from eventcore.domain.events import Event
from eventcore.domain.ids import CategoryId, EventId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.views import EventView
from eventcore.http.context import core, timezone
from eventcore.http.surfaces.eventify import schemas
from eventcore.http.surfaces.eventify.auth import actor, token_required
from eventcore.http.surfaces.eventify.blueprint import eventify_blueprint
from eventcore.usecases import calendar, categories, events

blp = eventify_blueprint("events", "/api/events", "Event types and events")

# Lists answer one page (100 events unless `page_size` says fewer); the total goes in
# this header, so clients that know it can ask for `page` 2, 3, ...
TOTAL_HEADER = "X-Total-Count"

Paged = tuple[dict[str, Any], int, dict[str, str]]


@blp.route("/type-list/", methods=["POST"])
@token_required
@blp.arguments(schemas.TokenIn)
@blp.response(200, schemas.EventTypesOut)
@blp.alt_response(401, description="Invalid token")
def type_list(_: dict[str, Any]) -> dict[str, Any]:
    return {"event_types": categories.list_categories(core().uow())}


@blp.route("/pincode-events/", methods=["POST"])
@token_required
@blp.arguments(schemas.PincodeIn)
@blp.response(200, schemas.EventListOut, headers={TOTAL_HEADER: {"schema": {"type": "integer"}}})
@blp.alt_response(401, description="Invalid token")
def pincode_events(data: dict[str, Any]) -> Paged:
    where = EventFilter(viewer_id=actor().id, pincode=data["pincode"])
    return _paged(events.list_events(core().uow(), where, _page(data)))


@blp.route("/event-details/", methods=["POST"])
@token_required
@blp.arguments(schemas.EventIdIn)
@blp.response(200, schemas.EventDetailsOut)
@blp.alt_response(401, description="Invalid token")
@blp.alt_response(404, description="No such event")
def event_details(data: dict[str, Any]) -> Event:
    return events.open_event(core().uow(), actor().id, EventId(data["event_id"]))


@blp.route("/event-images/", methods=["POST"])
@token_required
@blp.arguments(schemas.EventIdIn)
@blp.response(200, schemas.EventImagesOut)
@blp.alt_response(401, description="Invalid token")
@blp.alt_response(404, description="No such event")
def event_images(data: dict[str, Any]) -> Event:
    return events.open_event(core().uow(), actor().id, EventId(data["event_id"]))


@blp.route("/events-by-category/", methods=["POST"])
@token_required
@blp.arguments(schemas.CategoryIn)
@blp.response(
    200, schemas.CategoryEventListOut, headers={TOTAL_HEADER: {"schema": {"type": "integer"}}}
)
@blp.alt_response(401, description="Invalid token")
@blp.alt_response(404, description="No such event type")
def events_by_category(data: dict[str, Any]) -> Paged:
    found = events.list_events_of_category(
        core().uow(), actor().id, CategoryId(data["category_id"]), _page(data)
    )
    return _paged(found)


@blp.route("/events-by-month-year/", methods=["POST"])
@token_required
@blp.arguments(schemas.MonthYearIn)
@blp.response(200, schemas.MonthOut)
@blp.alt_response(401, description="Invalid token")
def events_by_month_year(data: dict[str, Any]) -> dict[str, Any]:
    counts = calendar.count_events_per_day(
        core().uow(), actor().id, data["year"], data["month"], timezone()
    )
    busy = counts.busy_days()
    return {
        "dates": [day for day, _ in busy],
        "total_number_of_events": counts.total,
        "date_events": [{"date_of_event": day, "events_of_date": n} for day, n in busy],
    }


@blp.route("/events-by-date/", methods=["POST"])
@token_required
@blp.arguments(schemas.DayIn)
@blp.response(
    200, schemas.DatedEventListOut, headers={TOTAL_HEADER: {"schema": {"type": "integer"}}}
)
@blp.alt_response(401, description="Invalid token")
def events_by_date(data: dict[str, Any]) -> Paged:
    found = calendar.list_events_on_day(
        core().uow(), actor().id, data["date_of_event"], timezone(), _page(data)
    )
    return _paged(found)


def _page(data: dict[str, Any]) -> PageRequest:
    return PageRequest(data["page"], data["page_size"])


def _paged(found: Page[EventView]) -> Paged:
    body = {"events": [view.event for view in found.items]}
    return body, 200, {TOTAL_HEADER: str(found.total)}
