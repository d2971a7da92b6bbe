"""Eventify's month and day calendars, by hand (the baseline of the HTTP benchmark)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

import baseline_queries as sql
from baseline_auth import Refused, eventify_caller
from baseline_context import baseline, json_response, media_base
from baseline_render import eventify_dated_event
from flask import Response, request

MAX_PAGE_SIZE = 100
_MONTH_NAMES = [name.lower() for name in calendar.month_name[1:]]
# Full English names, three-letter abbreviations, and "sept".
MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _error(message: str) -> Refused:
    return Refused(400, {"status": "error", "message": message})


def events_by_month() -> Response:
    state, body = baseline(), _body()
    with state.engine.begin() as connection:
        caller = eventify_caller(connection, body.get("token"), body.get("username"))
        month_name, year = body.get("month"), body.get("year")
        if month_name in (None, "") or year in (None, ""):
            raise _error("month and year are required")
        month = MONTHS.get(str(month_name).strip().lower())
        if month is None:
            raise _error(f"Invalid month name: {month_name}")
        if not str(year).strip().isdigit() or not 1 <= int(year) <= 9999:
            raise _error("year must be between 1 and 9999")
        first = date(int(year), month, 1)
        days = [first + timedelta(days=n) for n in range(calendar.monthrange(first.year, month)[1])]
        windows = [(state.midnight(day), state.midnight(day + timedelta(days=1))) for day in days]
        total, per_day = sql.counts_per_window(connection, caller.id, windows)
    busy = [(day.isoformat(), count) for day, count in zip(days, per_day, strict=True) if count]
    return json_response(
        {
            "status": "success",
            "dates": [day for day, _ in busy],
            "total_number_of_events": total,
            "date_events": [{"date_of_event": day, "events_of_date": n} for day, n in busy],
        }
    )


def events_by_date() -> Response:
    state, body = baseline(), _body()
    with state.engine.begin() as connection:
        caller = eventify_caller(connection, body.get("token"), body.get("username"))
        try:
            day = date.fromisoformat(str(body["date_of_event"]).strip())
        except KeyError:
            raise _error("date_of_event is required") from None
        except ValueError:
            raise _error("Invalid date format. Expected YYYY-MM-DD") from None
        page, size = int(body.get("page", 1)), int(body.get("page_size", MAX_PAGE_SIZE))
        where = sql.Where(
            (
                "e.finishes_at > :day_starts",
                "e.starts_at < :day_ends",
                f"e.starts_at >= {sql.overlap_floor(connection, 'day_starts')}",
            ),
            {
                "day_starts": state.midnight(day),
                "day_ends": state.midnight(day + timedelta(days=1)),
            },
        )
        total = sql.visible_count(connection, caller.id, where)
        rows = sql.event_page(
            connection, "eventify", caller.id, where, limit=size, offset=(page - 1) * size
        )
        primary = sql.images_of(connection, [row.id for row in rows], primary_only=True)
    base = media_base()
    events = [
        eventify_dated_event(row, _first_url(primary.get(row.id, ())), state.zone, base)
        for row in rows
    ]
    return json_response(
        {"status": "success", "events": events}, headers={"X-Total-Count": str(total)}
    )


def _first_url(images: Any) -> str | None:
    return images[0][0] if images else None
