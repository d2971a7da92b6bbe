"""The rules of calendar feeds: what is in a person's feed, UIDs, SEQUENCE, whole days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Event, Publication, PublicationState
from eventcore.domain.feeds import (
    CalendarEntry,
    CalendarFeed,
    calendar_sequence,
    calendar_uid,
    feed_start,
    in_person_feed,
    is_cancelled,
    place_line,
    whole_days,
)
from eventcore.domain.ids import EventId, UserId

T = datetime(2027, 5, 1, 12, tzinfo=UTC)
ADA, BOB = UserId(1), UserId(2)
BERLIN = ZoneInfo("Europe/Berlin")


def event(**fields: object) -> Event:
    values: dict[str, object] = {
        "id": EventId(7),
        "title": "Party",
        "creator_id": BOB,
        "starts_at": T,
        "created_at": T,
        "updated_at": T,
    }
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def attendance(status: AttendanceStatus, *, at: datetime = T) -> Attendance:
    return Attendance(event_id=EventId(7), user_id=ADA, status=status, created_at=at, updated_at=at)


def test_a_person_feed_holds_what_they_made_joined_or_are_interested_in() -> None:
    assert in_person_feed(event(creator_id=ADA), None, ADA)
    assert in_person_feed(event(), attendance(AttendanceStatus.REGISTERED), ADA)
    assert in_person_feed(event(), attendance(AttendanceStatus.INTERESTED), ADA)
    assert not in_person_feed(event(), attendance(AttendanceStatus.CANCELLED), ADA)
    assert not in_person_feed(event(), None, ADA)


def test_an_entry_is_free_time_only_for_someone_merely_interested() -> None:
    interested = CalendarEntry.of(event(), None, attendance(AttendanceStatus.INTERESTED))
    registered = CalendarEntry.of(event(), None, attendance(AttendanceStatus.REGISTERED))
    assert interested.interested_only
    assert not registered.interested_only
    assert not CalendarEntry.of(event(), "Music").interested_only


def test_an_entry_changed_when_the_event_or_the_persons_part_last_did() -> None:
    later = T + timedelta(hours=3)
    assert (
        CalendarEntry.of(
            event(), None, attendance(AttendanceStatus.REGISTERED, at=later)
        ).changed_at
        == later
    )
    assert CalendarEntry.of(event(updated_at=later), None).changed_at == later


def test_the_uid_names_the_event_and_its_creation_and_nothing_that_changes() -> None:
    uid = calendar_uid(event())
    assert uid == "event-7-20270501T120000Z@eventcore"
    assert calendar_uid(event(title="Other", updated_at=T + timedelta(days=3))) == uid
    assert calendar_uid(event(id=EventId(8))) != uid


@given(st.lists(st.integers(min_value=0, max_value=10**8), min_size=2, max_size=10))
def test_the_sequence_grows_with_every_later_change(seconds: list[int]) -> None:
    moments = sorted(set(seconds))
    sequences = [calendar_sequence(event(updated_at=T + timedelta(seconds=s))) for s in moments]
    assert sequences == sorted(set(sequences))
    assert calendar_sequence(event()) == 0


def test_midnight_to_midnight_in_the_zone_is_whole_days() -> None:
    start = datetime(2027, 7, 1, tzinfo=BERLIN)
    assert whole_days(event(starts_at=start, ends_at=start + timedelta(days=2)), BERLIN) == (
        date(2027, 7, 1),
        date(2027, 7, 3),
    )
    # Not midnight in Berlin, though it is in UTC.
    utc_midnight = datetime(2027, 7, 1, tzinfo=UTC)
    assert (
        whole_days(event(starts_at=utc_midnight, ends_at=utc_midnight + timedelta(1)), BERLIN)
        is None
    )
    assert whole_days(event(starts_at=start), BERLIN) is None  # no end given


def test_the_place_names_each_part_once() -> None:
    assert place_line(event(venue_name="Cellar", location="Cellar", city="Berlin")) == (
        "Cellar, Berlin"
    )
    assert place_line(event()) == ""


def test_cancelled_is_the_publication_state() -> None:
    assert is_cancelled(event(publication=Publication(PublicationState.CANCELLED, "Rain")))
    assert not is_cancelled(event())


def test_the_fingerprint_changes_with_what_the_feed_shows() -> None:
    one = CalendarEntry.of(event(), None)
    base = CalendarFeed((one,)).fingerprint
    assert CalendarFeed((CalendarEntry.of(event(), None),)).fingerprint == base
    assert CalendarFeed(()).fingerprint != base
    changed = CalendarEntry.of(event(updated_at=T + timedelta(seconds=1)), None)
    assert CalendarFeed((changed,)).fingerprint != base
    assert CalendarFeed((attrs.evolve(one, category="Music"),)).fingerprint != base
    assert CalendarFeed((attrs.evolve(one, interested_only=True),)).fingerprint != base
    assert CalendarFeed(()).last_modified is None
    assert CalendarFeed((one, changed)).last_modified == T + timedelta(seconds=1)


def test_a_person_feed_reaches_four_weeks_back() -> None:
    assert feed_start(T) == T - timedelta(weeks=4)
