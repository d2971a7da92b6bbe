"""Reading calendar feeds back in tests: with `icalendar`, and with `ical`, a second
parser written independently of the first."""

from __future__ import annotations

import icalendar
from ical.calendar import Calendar as IndependentCalendar
from ical.calendar_stream import IcsCalendarStream
from werkzeug.test import TestResponse

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def read_calendar(response: TestResponse) -> icalendar.Calendar:
    """The response's VCALENDAR, after checking it is text/calendar and folded as RFC
    5545 says: CRLF line ends and no line longer than 75 octets."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == CALENDAR_TYPE
    raw = response.get_data()
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    parsed: icalendar.Calendar = icalendar.Calendar.from_ical(raw)
    return parsed


def read_independently(response: TestResponse) -> IndependentCalendar:
    """The response's calendar as the `ical` library reads it (it refuses what breaks
    RFC 5545)."""
    calendar: IndependentCalendar = IcsCalendarStream.calendar_from_ics(
        response.get_data(as_text=True)
    )
    return calendar


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event.uid): event for event in calendar.events}
