"""Calendar feeds: which events a person's feed holds, the feed token that opens it, and
what a calendar app is told about each event (its UID, its SEQUENCE, its days).

Writing iCalendar text is the HTTP layer's (http/calendar_feed.py); here are only the
rules, so that every way of reading a feed agrees on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from attrs import define, frozen

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Event, PublicationState
from eventcore.domain.ids import UserId

# A person's feed reaches this far back, so that last month's events stay in the
# calendar app (which would otherwise delete them on the next poll), and no further.
FEED_PAST = timedelta(weeks=4)
# At most this many events in one feed: a person's (soonest first from FEED_PAST ago),
# and the public one (the soonest upcoming). A feed is polled whole, so it is capped.
PERSON_FEED_LIMIT = 2000
PUBLIC_FEED_LIMIT = 500

# The attendances that put an event in a person's calendar; a cancelled one does not.
IN_CALENDAR = (AttendanceStatus.REGISTERED, AttendanceStatus.INTERESTED)


@define(kw_only=True)
class FeedToken:
    """A person's private feed: one per user. The server keeps the digest of the token and
    the salt it is derived from with the server's secret, never the token itself."""

    user_id: UserId
    token_hash: str
    salt: str
    created_at: datetime


@frozen(kw_only=True)
class CalendarEntry:
    """One event as a feed shows it: with its category's name, and whether the person is
    only interested (shown as free time) rather than taking part. `changed_at` is the last
    change to the event or to the person's part in it."""

    event: Event
    category: str | None = None
    interested_only: bool = False
    changed_at: datetime

    @classmethod
    def of(
        cls, event: Event, category: str | None, attendance: Attendance | None = None
    ) -> CalendarEntry:
        changed_at = event.updated_at
        if attendance is not None and attendance.updated_at > changed_at:
            changed_at = attendance.updated_at
        return cls(
            event=event,
            category=category,
            interested_only=is_interested_only(event, attendance),
            changed_at=changed_at,
        )


def in_person_feed(event: Event, attendance: Attendance | None, user_id: UserId) -> bool:
    """An event is in a person's feed when they created it, or are registered for or
    interested in it (from any API)."""
    if event.creator_id == user_id:
        return True
    return attendance is not None and attendance.status in IN_CALENDAR


def is_interested_only(event: Event, attendance: Attendance | None) -> bool:
    return (
        attendance is not None
        and attendance.status is AttendanceStatus.INTERESTED
        and event.creator_id != attendance.user_id
    )


@frozen
class CalendarFeed:
    """The entries of one feed, soonest first."""

    entries: Sequence[CalendarEntry]

    @property
    def last_modified(self) -> datetime | None:
        """The newest change to anything the feed shows; None for an empty feed."""
        return max((entry.changed_at for entry in self.entries), default=None)

    @property
    def fingerprint(self) -> str:
        """A digest of everything the feed shows (every field of every entry), so it
        changes whenever the feed does: an event is added, removed or changed in any
        way, or a person's part in one changes."""
        digest = hashlib.sha256()
        for entry in self.entries:
            digest.update(repr((entry.event, entry.category, entry.interested_only)).encode())
            digest.update(b"\n")
        return digest.hexdigest()


def calendar_uid(event: Event) -> str:
    """The event's UID: the same in every feed and through every API, and unlike any
    other deployment's event of the same id (its creation moment is part of it)."""
    created = event.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"event-{event.id}-{created}@eventcore"


def calendar_sequence(event: Event) -> int:
    """The event's SEQUENCE: whole seconds from its creation to its last change, so it
    grows with every change and needs no counter of its own."""
    return max(0, int((event.updated_at - event.created_at).total_seconds()))


def is_cancelled(event: Event) -> bool:
    return event.publication.state is PublicationState.CANCELLED


def whole_days(event: Event, zone: tzinfo) -> tuple[date, date] | None:
    """For an event that starts and ends at midnight in `zone` (an all-day event written as
    times), its first day and the day after its last (iCalendar's DATE end); else None."""
    if event.ends_at is None:
        return None
    first = event.starts_at.astimezone(zone)
    after = event.ends_at.astimezone(zone)
    if first.time() != time(0) or after.time() != time(0):
        return None
    return first.date(), after.date()


def place_line(event: Event) -> str:
    """Where the event is, in one line: venue, location, address and city, each once."""
    parts: list[str] = []
    for part in (event.venue_name, event.location, event.address, event.city):
        part = part.strip()
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def feed_start(now: datetime) -> datetime:
    """The earliest end of an event a person's feed still shows."""
    return now - FEED_PAST
