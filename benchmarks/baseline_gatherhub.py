"""GatherHub's event list and detail, by hand (the baseline of the HTTP benchmark)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import baseline_queries as sql
from baseline_auth import Caller, Refused, bearer_caller
from baseline_context import Baseline, baseline, json_response, media_base
from baseline_db import read_moment
from baseline_render import gatherhub_event, gatherhub_person
from flask import Response, request
from sqlalchemy import Connection

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_STATUS = {
    "upcoming": "e.starts_at > :now",
    "ongoing": "e.starts_at <= :now AND e.finishes_at > :now",
    "completed": "e.starts_at <= :now AND e.finishes_at <= :now",
}


def _caller(state: Baseline, connection: Connection) -> Caller:
    authorization = request.headers.get("Authorization", "")
    return bearer_caller(connection, authorization, state.secret_key, state.audience)


def event_list() -> Response:
    state, now = baseline(), datetime.now(UTC)
    page = _whole_number("page", 1)
    size = min(_whole_number("page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    where = _filters(state, now)
    with state.engine.begin() as connection:
        caller = _caller(state, connection)
        total = sql.visible_count(connection, caller.id, where)
        rows = sql.event_page(
            connection, "gatherhub", caller.id, where, limit=size, offset=(page - 1) * size
        )
        ids = [row.id for row in rows]
        participants = sql.participant_counts(connection, ids)
        images = sql.images_of(connection, ids)
    base = media_base()
    pages = max(1, math.ceil(total / size))
    return json_response(
        {
            "count": total,
            "next": _page_url(page + 1, size) if page < pages else None,
            "previous": _page_url(page - 1, size) if page > 1 else None,
            "results": [
                gatherhub_event(row, participants.get(row.id, 0), images.get(row.id, ()), now, base)
                for row in rows
            ],
        }
    )


def _whole_number(name: str, default: int) -> int:
    given = request.args.get(name)
    if given is None:
        return default
    if not given.isdigit() or int(given) < 1:
        raise Refused(400, {name: "A valid integer is required."})
    return int(given)


def _filters(state: Baseline, now: datetime) -> sql.Where:
    clauses, params = [], {}
    args = request.args
    if search := args.get("search"):
        # LIKE with a backslash escaping its own wildcards, as eventcore's
        # `substring_pattern` does; PostgreSQL's default escape, SQLite told so.
        needle = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        escape = " ESCAPE '\\'" if state.engine.dialect.name == "sqlite" else ""
        clauses.append(
            f"(e.title_folded LIKE :pattern{escape} OR e.description_folded LIKE :pattern{escape})"
        )
        params["pattern"] = f"%{needle}%"
        if state.engine.dialect.name == "sqlite" and len(search) >= 3:
            # SQLite's search index must be named (PostgreSQL's serve the LIKE), as
            # eventcore's `event_search` explains.
            clauses.append(
                "e.id IN (SELECT rowid FROM event_search WHERE event_search MATCH :phrase)"
            )
            params["phrase"] = '"' + search.lower().replace('"', '""') + '"'
    if status := args.get("status"):
        if status not in _STATUS:
            raise Refused(400, {"status": "Must be one of: upcoming, ongoing, completed."})
        clauses.append(_STATUS[status])
        params["now"] = state.moments.bound(now)
    if "creator" in args:
        clauses.append("e.creator_id = :creator")
        params["creator"] = _whole_number("creator", 0)
    if "date_from" in args:
        clauses.append("e.starts_at >= :date_from")
        params["date_from"] = state.midnight(_day("date_from"))
    if "date_to" in args:
        clauses.append("e.starts_at < :date_to")
        params["date_to"] = state.midnight(_day("date_to") + timedelta(days=1))
    if clauses == [_STATUS["upcoming"]]:
        # As eventcore counts them: the public events of the days after now's UTC day
        # from their tallies (public_events_by_day), then the rest of now's day.
        today = now.astimezone(UTC).date()
        params["today"] = state.moments.bound_day(today)
        params["today_last"] = state.moments.bound(datetime.combine(today, time.max, UTC))
        public_count = (
            "SELECT (SELECT coalesce(sum(public_events), 0) FROM public_events_by_day"
            " WHERE day > :today) + (SELECT count(*) FROM events e"
            f" WHERE {sql.PUBLIC} AND e.starts_at > :now AND e.starts_at <= :today_last)"
        )
        return sql.Where(tuple(clauses), params, public_count)
    return sql.Where(tuple(clauses), params)


def _day(name: str) -> date:
    try:
        return date.fromisoformat(request.args[name])
    except ValueError:
        raise Refused(400, {name: "Not a valid date."}) from None


def _page_url(page: int, page_size: int) -> str:
    """The link to another page: the request's parameters, with that page (and the
    page size served, when the request named one)."""
    arguments = request.args.to_dict(flat=False)
    arguments["page"] = [str(page)]
    if "page_size" in arguments:
        arguments["page_size"] = [str(page_size)]
    return f"{request.base_url}?{urlencode(arguments, doseq=True)}"


def event_detail(event_id: int) -> Response:
    state, now = baseline(), datetime.now(UTC)
    with state.engine.begin() as connection:
        caller = _caller(state, connection)
        row = sql.one_event(connection, event_id)
        if row is None or not _may_see(connection, caller, row):
            raise Refused(404, {"detail": "Not found."})
        images = sql.images_of(connection, [event_id])
        people = sql.participants(connection, event_id)
        tasks = sql.tasks(connection, event_id)
        polls = sql.polls(connection, event_id)
        waiting, place = sql.waiting_list(connection, event_id, caller.id)
    body: dict[str, Any] = gatherhub_event(
        row, row.participants, images.get(event_id, ()), now, media_base()
    )
    body["participants"] = [gatherhub_person(*person) for person in people]
    body["tasks"] = [{"id": t.id, "title": t.title, "status": t.status} for t in tasks]
    body["votes"] = [
        {
            "id": p.id,
            "title": p.title,
            "status": "active" if now < read_moment(p.ends_at) else "ended",
        }
        for p in polls
    ]
    body["waiting_count"] = waiting
    body["waitlist_position"] = place
    return json_response(body)


def _may_see(connection: Connection, caller: Caller, row: Any) -> bool:
    """Private events open to staff, their creator and those registered for them."""
    if not row.is_private or caller.is_staff or row.creator_id == caller.id:
        return True
    return sql.takes_part(connection, row.id, caller.id)
