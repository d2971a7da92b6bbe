"""Calendar feeds as iCalendar (RFC 5545) text, written by the `icalendar` library, and
answered with ETag and Last-Modified so that polling calendar apps get a 304.

Times are written in EVENTCORE_TIMEZONE with its VTIMEZONE, so an event shows at the
same local hour on both sides of a daylight-saving change; an event from midnight to
midnight there is written as whole days. DTSTAMP is the event's last change (a feed has
no METHOD, RFC 5545 3.8.7.2), so the same data always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified

from eventcore.domain.events import Event
from eventcore.domain.feeds import (
    CalendarEntry,
    CalendarFeed,
    calendar_sequence,
    calendar_uid,
    is_cancelled,
    place_line,
    whole_days,
)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//eventcore//calendar feeds//EN"
# How often a calendar app should poll a feed (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)
# Part of every ETag: raise it when the way feeds are written changes.
RENDERING = "1"

if TYPE_CHECKING:
    import icalendar

EventUrl = Callable[[Event], str]


class RenderedFeeds:
    """The texts last written, by ETag, in this process: the ETag covers everything a
    text is made from, so a text can be served again to any client asking for the same
    ETag's feed (every subscriber of the public feed, a client that lost its copy)."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._texts: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str, write: Callable[[], bytes]) -> bytes:
        with self._lock:
            text = self._texts.get(etag)
            if text is not None:
                self._texts.move_to_end(etag)
                return text
        text = write()
        with self._lock:
            self._texts[etag] = text
            while len(self._texts) > self._capacity:
                self._texts.popitem(last=False)
        return text


# A feed of 500 events is some 200 KiB: at most about 13 MiB per app.
RENDERED_CAPACITY = 64
_RENDERED_KEY = "eventcore_calendar_texts"


def _rendered() -> RenderedFeeds:
    cache: RenderedFeeds | None = current_app.extensions.get(_RENDERED_KEY)
    if cache is None:
        cache = current_app.extensions.setdefault(_RENDERED_KEY, RenderedFeeds(RENDERED_CAPACITY))
    return cache


def calendar_text(
    entries: Sequence[CalendarEntry], *, zone: ZoneInfo, name: str, uid: str, event_url: EventUrl
) -> bytes:
    """The entries as one VCALENDAR, with the VTIMEZONE their times refer to."""
    # Imported when a first feed is written: icalendar and the time zone data it
    # loads are about 3 MB in every worker otherwise.
    import icalendar

    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, uid=uid, refresh_interval=REFRESH)
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    for entry in entries:
        calendar.add_component(_vevent(entry, zone, event_url(entry.event)))
    if entries:
        first = min(entry.event.starts_at for entry in entries).astimezone(zone)
        last = max(entry.event.finishes_at for entry in entries).astimezone(zone)
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1)
        )
    text: bytes = calendar.to_ical()
    return text


def _vevent(entry: CalendarEntry, zone: ZoneInfo, url: str) -> icalendar.Event:
    import icalendar
    from icalendar.enums import STATUS, TRANSP

    event = entry.event
    days = whole_days(event, zone)
    start: date | datetime
    end: date | datetime
    if days is not None:
        start, end = days
    else:
        start, end = event.starts_at.astimezone(zone), event.finishes_at.astimezone(zone)
    vevent = icalendar.Event.new(
        uid=calendar_uid(event),
        stamp=event.updated_at,
        start=start,
        end=end,
        summary=event.title,
        description=event.description or None,
        location=place_line(event) or None,
        url=url,
        created=event.created_at,
        last_modified=event.updated_at,
        sequence=calendar_sequence(event),
        status=STATUS.CANCELLED if is_cancelled(event) else STATUS.CONFIRMED,
        # Someone only interested is not busy then.
        transparency=TRANSP.TRANSPARENT if entry.interested_only else TRANSP.OPAQUE,
        categories=[entry.category] if entry.category else (),
    )
    if event.latitude is not None and event.longitude is not None:
        vevent.add("GEO", (event.latitude, event.longitude))
    return vevent


def calendar_response(
    feed: CalendarFeed,
    *,
    name: str,
    uid: str,
    filename: str,
    event_url: EventUrl,
    zone: ZoneInfo,
    private: bool,
) -> Response:
    """The feed as text/calendar, or a 304 without a body when the request's
    If-None-Match (or, without one, If-Modified-Since) says the client has it already.

    The ETag covers everything the text is made from, so it is checked before any text
    is written. Last-Modified is the newest change the feed shows; an event removed
    from the feed leaves no such date behind, so clients should send the ETag (calendar
    apps do).
    """
    etag = hashlib.sha256(
        "|".join((RENDERING, zone.key, name, uid, request.url_root, feed.fingerprint)).encode()
    ).hexdigest()[:40]
    last_modified = feed.last_modified
    if is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        body = _rendered().get(
            etag,
            lambda: calendar_text(feed.entries, zone=zone, name=name, uid=uid, event_url=event_url),
        )
        response = Response(body, content_type=CALENDAR_TYPE)
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        response = Response(status=304)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    # Calendar apps revalidate every time; shared caches never keep a private feed.
    response.headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    return response
