"""Calendar feeds (iCalendar): one event, a person's private feed, the public feed.

GET    /api/v1/events/<id>/calendar.ics    one event (a private one only for those who
                                           may see it, by bearer token)
GET    /api/v1/calendar/feed/              the caller's private feed link
POST   /api/v1/calendar/feed/              make it (201), or the one they have (200)
POST   /api/v1/calendar/feed/rotate/       a new link; the old one stops working
DELETE /api/v1/calendar/feed/              revoke it
GET    /api/v1/calendar/feeds/<token>.ics  the private feed, opened by its token alone
GET    /api/v1/calendar/public.ics         public upcoming events, filtered like the list
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from eventcore.domain.events import Event
from eventcore.domain.feeds import CalendarFeed
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter
from eventcore.http.bearer import actor_or_none, bearer_optional
from eventcore.http.calendar_feed import calendar_response
from eventcore.http.context import core, timezone
from eventcore.http.surfaces.gatherhub import calendar_schemas
from eventcore.http.surfaces.gatherhub.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.http.surfaces.gatherhub.paging import day_start
from eventcore.usecases import feeds
from eventcore.usecases.feeds import FeedLink

blp = gatherhub_blueprint("calendar", "/api/v1", "Calendar feeds (iCalendar)")
blp_doc = {"security": [BEARER_SCHEME]}
calendar_doc: dict[str, Any] = {
    "content_type": "text/calendar",
    "headers": calendar_schemas.CALENDAR_HEADERS,
}
NOT_MODIFIED = "The client's copy is current (If-None-Match or If-Modified-Since); no body"


def _event_url(event: Event) -> str:
    """Where a calendar app links the event: its page elsewhere, else its GatherHub URL."""
    if event.external_url:
        return event.external_url
    return url_for("gatherhub_events.event_detail", event_id=event.id, _external=True)


@blp.route("/events/<int:event_id>/calendar.ics", methods=["GET"])
@bearer_optional
@blp.doc(security=[{}, BEARER_SCHEME])
@blp.response(
    200, calendar_schemas.CALENDAR_BODY, description="One VEVENT in a VCALENDAR", **calendar_doc
)
@blp.alt_response(304, description=NOT_MODIFIED)
@blp.alt_response(404, description="Event does not exist (or is private to others)")
def event_calendar(event_id: int) -> Response:
    viewer = actor_or_none()
    entry = feeds.event_entry(core().uow(), viewer.id if viewer else None, EventId(event_id))
    return calendar_response(
        CalendarFeed((entry,)),
        name=entry.event.title,
        uid=f"event-calendar-{event_id}@eventcore",
        filename=f"event-{event_id}.ics",
        event_url=_event_url,
        zone=timezone(),
        private=entry.event.is_private,
    )


def _link(link: FeedLink) -> dict[str, Any]:
    url = url_for("gatherhub_calendar.person_feed", token=link.token, _external=True)
    return {
        "url": url,
        "webcal_url": "webcal://" + url.partition("://")[2],
        "created_at": link.created_at,
    }


@blp.route("/calendar/feed/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, calendar_schemas.FeedLinkOut)
@blp.alt_response(404, description="No feed yet: POST to make one")
def see_feed() -> dict[str, Any]:
    c = core()
    return _link(feeds.feed_link(c.uow(), c.settings.secret_key, actor().id))


@blp.route("/calendar/feed/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(201, calendar_schemas.FeedLinkOut, description="The feed was made")
@blp.alt_response(200, schema=calendar_schemas.FeedLinkOut, description="The feed you have")
def open_feed() -> tuple[dict[str, Any], int]:
    c = core()
    link, made = feeds.open_feed(c.uow(), c.clock, c.settings.secret_key, actor().id)
    return _link(link), 201 if made else 200


@blp.route("/calendar/feed/rotate/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, calendar_schemas.FeedLinkOut, description="The new link; the old one is dead")
def rotate_feed() -> dict[str, Any]:
    c = core()
    return _link(feeds.rotate_feed(c.uow(), c.clock, c.settings.secret_key, actor().id))


@blp.route("/calendar/feed/", methods=["DELETE"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(204, description="The link answers 404 from now on")
@blp.alt_response(404, description="No feed to revoke")
def revoke_feed() -> None:
    feeds.revoke_feed(core().uow(), actor().id)


@blp.route("/calendar/feeds/<token>.ics", methods=["GET"])
@blp.doc(security=[])
@blp.response(
    200,
    calendar_schemas.CALENDAR_BODY,
    description="The events the token's owner created, joined or is interested in, "
    "from four weeks back on (TRANSP:TRANSPARENT where only interested)",
    **calendar_doc,
)
@blp.alt_response(304, description=NOT_MODIFIED)
@blp.alt_response(404, description="Wrong, rotated or revoked token")
def person_feed(token: str) -> Response:
    found = feeds.personal_feed(core().uow(), core().clock, token)
    return calendar_response(
        found.feed,
        name=f"{found.owner.username}'s events",
        uid=f"person-feed-{found.owner.id}@eventcore",
        filename="my-events.ics",
        event_url=_event_url,
        zone=timezone(),
        private=True,
    )


@blp.route("/calendar/public.ics", methods=["GET"])
@blp.doc(security=[])
@blp.arguments(calendar_schemas.PublicFeedQuery, location="query", as_kwargs=True)
@blp.response(
    200,
    calendar_schemas.CALENDAR_BODY,
    description="The soonest 500 public upcoming events matching the filters",
    **calendar_doc,
)
@blp.alt_response(304, description=NOT_MODIFIED)
@blp.alt_response(400, description="A filter is not valid")
def public_feed(**query: Any) -> Response:
    c = core()
    where = EventFilter(
        search=query.get("search") or None,
        creator_id=UserId(query["creator"]) if "creator" in query else None,
        category_id=CategoryId(query["category"]) if "category" in query else None,
        pincode=query.get("pincode") or None,
        starts_from=day_start(query.get("date_from")),
        starts_before=day_start(query.get("date_to"), days_after=1),
    )
    return calendar_response(
        feeds.public_feed(c.uow(), c.clock, where),
        name="Upcoming events",
        uid="public-feed@eventcore",
        filename="events.ics",
        event_url=_event_url,
        zone=timezone(),
        private=False,
    )
