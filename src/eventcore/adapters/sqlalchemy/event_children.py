"""What the task and poll queries share: rows that belong to an event, listed
where their event is, with the event and people they name.

List visibility reuses the events list's own condition (`queries.conditions`),
so a task or poll is listed exactly where its event would be.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.event_filters import PUBLIC, visible_to
from eventcore.adapters.sqlalchemy.tables import events, users
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.planning_views import EventRef

# Label prefixes of the joined tables' columns in a view's row.
CREATOR = "creator__"
EVENT = "event__"

creator = users.alias("creator")


def event_ref(row: rows.Row) -> EventRef:
    return EventRef(EventId(row[f"{EVENT}id"]), row[f"{EVENT}title"], row[f"{EVENT}starts_at"])


def event_columns() -> list[Any]:
    return [events.c[name].label(EVENT + name) for name in ("id", "title", "starts_at")]


def person_columns(alias: Any, prefix: str) -> list[Any]:
    return [alias.c[name].label(prefix + name) for name in rows.SUMMARY_COLUMNS]


def listed_for(viewer_id: UserId | None) -> list[ColumnElement[bool]]:
    """Events a list shows to `viewer_id`, as the events list decides it."""
    return [PUBLIC if viewer_id is None else visible_to(viewer_id)]
