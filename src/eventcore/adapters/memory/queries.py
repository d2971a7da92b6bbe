"""List and detail views computed from the memory tables."""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.adapters.memory.store import MemoryStore, Tables
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.calendar_days import DayCounts, DayWindow, overlaps
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest, Streamed
from eventcore.domain.views import EventDetails, EventView, UserSummary


class MemoryEventQueries:
    # Built like the repositories, from the store and the unit of work's tables,
    # though it only reads the tables.
    def __init__(self, store: MemoryStore, tables: Tables) -> None:
        self._tables = tables

    def page(self, where: EventFilter, request: PageRequest) -> Page[EventView]:
        matching = sorted(
            (e for e in self._tables["events"].values() if self._matches(e, where)),
            key=lambda e: (e.starts_at, e.id),
        )
        end = None if request.limit is None else request.offset + request.limit
        chosen = matching[request.offset : end]
        return Page([self._view(e) for e in chosen], len(matching), request)

    def every(self, where: EventFilter) -> Streamed[EventView]:
        found = self.page(where, PageRequest.all_items())
        return Streamed(found.total, iter(found.items))

    def details(self, event_id: EventId) -> EventDetails | None:
        event = self._tables["events"].get(event_id)
        if event is None:
            return None
        users = self._tables["users"]
        participants = sorted(
            (a for a in self._attendances(event_id) if a.is_participant), key=lambda a: a.id
        )
        return EventDetails(
            self._view(event), tuple(UserSummary.of(users[a.user_id]) for a in participants)
        )

    def view(self, event_id: EventId) -> EventView | None:
        event = self._tables["events"].get(event_id)
        return None if event is None else self._view(event)

    def takes_part(self, event_id: EventId, user_id: UserId) -> bool:
        return any(a.user_id == user_id and a.is_participant for a in self._attendances(event_id))

    def count_by_day(self, where: EventFilter, days: Sequence[DayWindow]) -> DayCounts:
        matching = [e for e in self._tables["events"].values() if self._matches(e, where)]
        per_day = {
            window.day: sum(1 for e in matching if overlaps(window, e.starts_at, e.finishes_at))
            for window in days
        }
        return DayCounts(len(matching), per_day)

    def _attendances(self, event_id: EventId) -> list[Attendance]:
        return [a for a in self._tables["attendances"].values() if a.event_id == event_id]

    def _view(self, event: Event) -> EventView:
        participants = sum(
            1 for a in self._attendances(event.id) if a.status is AttendanceStatus.REGISTERED
        )
        creator = UserSummary.of(self._tables["users"][event.creator_id])
        category = self._tables["categories"].get(event.category_id)
        return EventView(event, creator, participants, category)

    def _matches(self, event: Event, where: EventFilter) -> bool:
        if where.viewer_id is not None and not event.visible_to(
            where.viewer_id, takes_part=self.takes_part(event.id, where.viewer_id)
        ):
            return False
        if where.viewer_id is None and event.is_private:
            return False
        if where.member_id is not None and not (
            event.creator_id == where.member_id or self.takes_part(event.id, where.member_id)
        ):
            return False
        if where.search:
            needle = where.search.lower()
            if needle not in event.title.lower() and needle not in event.description.lower():
                return False
        if (
            where.status is not None
            and where.now is not None
            and (event.status(where.now) is not where.status)
        ):
            return False
        return (
            _equal_if_set(where.creator_id, event.creator_id)
            and _equal_if_set(where.category_id, event.category_id)
            and _equal_if_set(where.pincode, event.pincode)
            and (where.starts_from is None or event.starts_at >= where.starts_from)
            and (where.starts_before is None or event.starts_at < where.starts_before)
            and (where.overlaps_from is None or event.finishes_at > where.overlaps_from)
            and (where.overlaps_before is None or event.starts_at < where.overlaps_before)
        )


def _equal_if_set(wanted: object, actual: object) -> bool:
    return wanted is None or wanted == actual
