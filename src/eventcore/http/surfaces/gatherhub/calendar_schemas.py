"""GatherHub's calendar feed shapes: the public feed's filters and the private feed link."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from eventcore.domain.ids import MAX_ID
from eventcore.http.fields import QueryInteger, Timestamp
from eventcore.http.schema import Schema
from eventcore.http.surfaces.gatherhub.schemas import Input

_ID = validate.Range(min=1, max=MAX_ID)


class PublicFeedQuery(Input):
    """The event list's filters that make sense for a calendar of upcoming events."""

    search = fields.String(validate=validate.Length(max=200))
    creator = QueryInteger(validate=_ID)
    category = QueryInteger(validate=_ID)
    pincode = fields.String(validate=validate.Length(max=255))
    date_from = fields.Date()
    date_to = fields.Date()


class FeedLinkOut(Schema):
    url = fields.String(metadata={"description": "The private feed, for a calendar app"})
    webcal_url = fields.String(
        metadata={"description": "The same feed as a webcal:// link, which opens the app"}
    )
    created_at = Timestamp()


# The OpenAPI description of a text/calendar answer and its caching headers.
CALENDAR_BODY: dict[str, Any] = {"type": "string", "description": "iCalendar (RFC 5545) text"}
CALENDAR_HEADERS: dict[str, Any] = {
    "ETag": {"schema": {"type": "string"}, "description": "Send back in If-None-Match"},
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "The newest change the feed shows; send back in If-Modified-Since",
    },
}
