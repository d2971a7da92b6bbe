"""Feed tokens, and calendar entries in one statement whatever their number: each entry
comes with its category's name and the person's attendance on the same row. A feed
shows no pictures, so the entries' events come without their images."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, select, union

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.event_filters import conditions, split
from eventcore.adapters.sqlalchemy.repositories import _Repository, _upsert, storable
from eventcore.adapters.sqlalchemy.tables import (
    EVENT_ENTITY_COLUMNS,
    attendances,
    categories,
    events,
    feed_tokens,
)
from eventcore.domain.attendance import Attendance
from eventcore.domain.feeds import IN_CALENDAR, CalendarEntry, FeedToken
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter

ATTENDANCE_PREFIX = "attendance__"  # events has columns of the same names


def feed_token_from_row(row: rows.Row) -> FeedToken:
    return FeedToken(
        user_id=UserId(row["user_id"]),
        token_hash=row["token_hash"],
        salt=row["salt"],
        created_at=row["created_at"],
    )


def feed_token_values(token: FeedToken) -> rows.Values:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "salt": token.salt,
        "created_at": token.created_at,
    }


class SqlFeedTokenRepository(_Repository):
    def get(self, token_hash: str) -> FeedToken | None:
        return self._one(feed_tokens.c.token_hash == token_hash) if storable(token_hash) else None

    def for_user(self, user_id: UserId) -> FeedToken | None:
        return self._one(feed_tokens.c.user_id == user_id)

    def save(self, token: FeedToken) -> None:
        _upsert(self._connection, feed_tokens, feed_token_values(token), key="user_id")

    def delete_for_user(self, user_id: UserId) -> None:
        self._connection.execute(delete(feed_tokens).where(feed_tokens.c.user_id == user_id))

    def _one(self, condition: ColumnElement[bool]) -> FeedToken | None:
        row = self._connection.execute(select(feed_tokens).where(condition)).mappings().first()
        return None if row is None else feed_token_from_row(row)


def _entries_select() -> Select[Any]:
    return select(*EVENT_ENTITY_COLUMNS, categories.c.name.label("category_name")).outerjoin(
        categories, categories.c.id == events.c.category_id
    )


class SqlCalendarQueries(_Repository):
    def person(self, user_id: UserId, ends_after: datetime, limit: int) -> Sequence[CalendarEntry]:
        # The person's events come from two indexed lookups (their attendances, the
        # events they created), so the cost follows their events, not the table's.
        statuses = [status.value for status in IN_CALENDAR]
        theirs = union(
            select(attendances.c.event_id.label("id")).where(
                attendances.c.user_id == user_id, attendances.c.status.in_(statuses)
            ),
            select(events.c.id).where(events.c.creator_id == user_id),
        ).subquery("theirs")
        statement = (
            _entries_select()
            .add_columns(
                *(column.label(ATTENDANCE_PREFIX + column.name) for column in attendances.c)
            )
            .join(theirs, theirs.c.id == events.c.id)
            .outerjoin(
                attendances,
                and_(attendances.c.event_id == events.c.id, attendances.c.user_id == user_id),
            )
            .where(events.c.finishes_at > ends_after)
            .order_by(events.c.starts_at, events.c.id)
            .limit(limit)
        )
        found = self._connection.execute(statement).mappings()
        return [
            CalendarEntry.of(rows.event_from_row(row), row["category_name"], _attendance_of(row))
            for row in found
        ]

    def matching(self, where: EventFilter, limit: int) -> Sequence[CalendarEntry]:
        shape, values = split(where)
        statement = (
            _entries_select()
            .where(*conditions(shape))
            .order_by(events.c.starts_at, events.c.id)
            .limit(limit)
        )
        found = self._connection.execute(statement, values).mappings()
        return [CalendarEntry.of(rows.event_from_row(row), row["category_name"]) for row in found]


def _attendance_of(row: rows.Row) -> Attendance | None:
    if row[ATTENDANCE_PREFIX + "id"] is None:
        return None
    return rows.attendance_from_row(
        {column.name: row[ATTENDANCE_PREFIX + column.name] for column in attendances.c}
    )
