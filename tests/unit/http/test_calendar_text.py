"""The iCalendar writer: any text round-trips through `icalendar`, lines are folded, and
the same entries always give the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.events import Event
from eventcore.domain.feeds import CalendarEntry
from eventcore.domain.ids import EventId, UserId
from eventcore.http.calendar_feed import RenderedFeeds, calendar_text

T = datetime(2027, 5, 1, 12, tzinfo=UTC)
# Any character a person types: letters of every script, emoji, punctuation, and line
# breaks; no other control characters (iCalendar text cannot hold them). A backslash
# right before an n or N is left out: icalendar 7.3 takes the pair for an escaped
# line break, a known limit of the library, written in docs/calendar-feeds.md.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(',;:\\\n"'), max_size=300
).filter(lambda text: "\\N" not in text and "\\n" not in text)


def entry(title: str, description: str = "", location: str = "") -> CalendarEntry:
    made = Event(
        id=EventId(1),
        title=title,
        description=description,
        location=location,
        creator_id=UserId(1),
        starts_at=T,
        created_at=T,
        updated_at=T,
    )
    return CalendarEntry.of(made, None)


def write(*entries: CalendarEntry, zone: str = "UTC") -> bytes:
    return calendar_text(
        entries, zone=ZoneInfo(zone), name="Test", uid="test@eventcore", event_url=lambda e: "u"
    )


@given(title=TEXT.filter(str.strip), description=TEXT, location=TEXT)
def test_any_text_round_trips_and_every_line_is_folded(
    title: str, description: str, location: str
) -> None:
    raw = write(entry(title, description, location.strip()))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    (vevent,) = icalendar.Calendar.from_ical(raw).events
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent.get("DESCRIPTION", "")) == description
    assert str(vevent.get("LOCATION", "")) == location.strip()


def test_the_same_entries_give_the_same_bytes() -> None:
    assert write(entry("A"), zone="Europe/Berlin") == write(entry("A"), zone="Europe/Berlin")


def test_a_zone_with_daylight_saving_gets_its_vtimezone_covering_the_events() -> None:
    late = CalendarEntry.of(
        Event(
            id=EventId(2),
            title="Far ahead",
            creator_id=UserId(1),
            starts_at=datetime(2045, 7, 1, 10, tzinfo=UTC),
            created_at=T,
            updated_at=T,
        ),
        None,
    )
    calendar = icalendar.Calendar.from_ical(write(entry("Soon"), late, zone="America/New_York"))
    (zone,) = calendar.timezones
    assert zone.tz_name == "America/New_York"
    far = next(e for e in calendar.events if str(e["SUMMARY"]) == "Far ahead")
    # Summer time in 2045, past the 2038 limit of the library's defaults.
    assert far.start.hour == 6
    assert far.start.utcoffset() == timedelta(hours=-4)
    assert str(zone["COMMENT"]).endswith("from 2026-01-01 to 2047-01-01.")


def test_written_texts_are_kept_by_etag_and_the_oldest_unused_goes_first() -> None:
    kept = RenderedFeeds(capacity=2)
    writes: list[str] = []

    def writer(text: str) -> Callable[[], bytes]:
        def write() -> bytes:
            writes.append(text)
            return text.encode()

        return write

    assert kept.get("a", writer("A")) == b"A"
    assert kept.get("a", writer("not again")) == b"A"
    kept.get("b", writer("B"))
    kept.get("a", writer("not again"))  # "a" is now the most recently used
    kept.get("c", writer("C"))  # so "b" goes
    assert kept.get("a", writer("not again")) == b"A"
    assert kept.get("b", writer("B again")) == b"B again"
    assert writes == ["A", "B", "C", "B again"]
