"""Feed tokens and calendar entries on the memory tables; as in SQL, the entries' events
come without their images (a feed shows none)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from eventcore.adapters.memory.queries import MemoryEventQueries
from eventcore.adapters.memory.repositories import _copy, _Table
from eventcore.domain.attendance import Attendance
from eventcore.domain.events import Event
from eventcore.domain.feeds import CalendarEntry, FeedToken, in_person_feed
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter, PageRequest


class MemoryFeedTokenRepository(_Table):
    name = "feed_tokens"

    def get(self, token_hash: str) -> FeedToken | None:
        return _copy(next((t for t in self._rows.values() if t.token_hash == token_hash), None))

    def for_user(self, user_id: UserId) -> FeedToken | None:
        return _copy(self._rows.get(user_id))

    def save(self, token: FeedToken) -> None:
        self._rows[token.user_id] = attrs.evolve(token)

    def delete_for_user(self, user_id: UserId) -> None:
        self._rows.pop(user_id, None)


class MemoryCalendarQueries(_Table):
    name = "events"

    def person(self, user_id: UserId, ends_after: datetime, limit: int) -> Sequence[CalendarEntry]:
        mine: dict[int, Attendance] = {
            a.event_id: a for a in self._tables["attendances"].values() if a.user_id == user_id
        }
        chosen = sorted(
            (
                event
                for event in self._rows.values()
                if event.finishes_at > ends_after
                and in_person_feed(event, mine.get(event.id), user_id)
            ),
            key=lambda event: (event.starts_at, event.id),
        )[:limit]
        return [self._entry(event, mine.get(event.id)) for event in chosen]

    def matching(self, where: EventFilter, limit: int) -> Sequence[CalendarEntry]:
        found = MemoryEventQueries(self._store, self._tables).page(where, PageRequest.all_items())
        return [self._entry(view.event) for view in found.items[:limit]]

    def _entry(self, event: Event, attendance: Attendance | None = None) -> CalendarEntry:
        category = self._tables["categories"].get(event.category_id)
        return CalendarEntry.of(
            attrs.evolve(event, images=()),
            category.name if category is not None else None,
            attendance,
        )
