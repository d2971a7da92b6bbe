"""The ticketing API's public event list, by hand (the baseline of the HTTP benchmark)."""

from __future__ import annotations

import baseline_queries as sql
from baseline_auth import Refused
from baseline_context import baseline, json_response
from baseline_render import ticketing_event
from flask import Response, request

MAX_PAGE_LIMIT = 100
MAX_PAGE = 2**31 - 1


def event_list() -> Response:
    """Every public event, soonest first, as the seed documents; one page of them when
    the client names a `page` or a `limit`."""
    state = baseline()
    page, limit = _number("page", MAX_PAGE), _number("limit", MAX_PAGE_LIMIT)
    everything = page is None and limit is None
    with state.engine.begin() as connection:
        total = sql.visible_count(connection, None, sql.Where())
        if everything:
            rows = sql.event_page(connection, "ticketing", None, sql.Where(), limit=None)
            participants = sql.public_participant_counts(connection)
            images = sql.public_images(connection)
        else:
            size = limit or MAX_PAGE_LIMIT
            offset = ((page or 1) - 1) * size
            rows = sql.event_page(
                connection, "ticketing", None, sql.Where(), limit=size, offset=offset
            )
            ids = [row.id for row in rows]
            participants = sql.participant_counts(connection, ids)
            images = sql.images_of(connection, ids)
    events = [
        ticketing_event(row, participants.get(row.id, 0), images.get(row.id, ())) for row in rows
    ]
    return json_response({"events": events}, headers={"X-Total-Count": str(total)})


def _number(name: str, maximum: int) -> int | None:
    given = request.args.get(name)
    if given is None:
        return None
    if not given.isdigit() or not 1 <= int(given) <= maximum:
        raise Refused(400, {"error": f"{name} must be a whole number"})
    return int(given)
