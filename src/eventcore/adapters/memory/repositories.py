"""Memory*Repository classes: each works on the tables of one unit of work.

Entities are copied on the way in and out, so a caller mutating what it got
back changes nothing until it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import attrs

from eventcore.adapters.memory.store import MemoryStore, StillReferenced, Tables, delete_row
from eventcore.domain.attendance import Attendance, AttendanceStatus, WaitingList
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken, UserOfLogin
from eventcore.domain.errors import AlreadyExists, Conflict
from eventcore.domain.events import Category, Event
from eventcore.domain.ids import AttendanceId, CategoryId, EventId, UserId
from eventcore.domain.users import User

E = TypeVar("E")


def _copy(entity: E | None) -> E | None:
    return None if entity is None else attrs.evolve(entity)  # type: ignore[misc]


class _Table:
    name: str

    def __init__(self, store: MemoryStore, tables: Tables) -> None:
        self._store = store
        self._tables = tables

    @property
    def _rows(self) -> dict[Any, Any]:
        return self._tables[self.name]


class MemoryUserRepository(_Table):
    name = "users"

    def add(self, user: User) -> User:
        self._ensure_unique(user)
        stored = attrs.evolve(user, id=UserId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, user_id: UserId) -> User | None:
        return _copy(self._rows.get(user_id))

    def get_with_login(self, user_id: UserId, family: str) -> UserOfLogin | None:
        user = self.get(user_id)
        if user is None:
            return None
        login_on = any(
            token.family == family and token.user_id == user_id and token.revoked_at is None
            for token in self._tables["refresh_tokens"].values()
        )
        return UserOfLogin(user, login_on)

    def holding_api_token(self, token_hash: str) -> User | None:
        tokens = self._tables["api_tokens"].values()
        holder = next((t.user_id for t in tokens if t.token_hash == token_hash), None)
        return None if holder is None else self.get(holder)

    def find_by_login(self, login: str) -> User | None:
        by_name = next((u for u in self._rows.values() if u.username == login), None)
        return _copy(by_name) if by_name else self.find_by_email(login)

    def find_by_email(self, email: str) -> User | None:
        wanted = email.lower()
        return _copy(next((u for u in self._rows.values() if u.email.lower() == wanted), None))

    def find_by_phone(self, phone: str) -> User | None:
        if not phone:
            return None
        return _copy(next((u for u in self._rows.values() if u.phone == phone), None))

    def get_many(self, user_ids: Sequence[UserId]) -> Sequence[User]:
        return [attrs.evolve(self._rows[i]) for i in sorted(set(user_ids)) if i in self._rows]

    def search(self, text: str, limit: int) -> Sequence[User]:
        needle = text.lower()
        found = [
            u for u in sorted(self._rows.values(), key=lambda u: u.id) if needle in u.search_text
        ]
        return [attrs.evolve(u) for u in found[:limit]]

    def save(self, user: User) -> None:
        self._ensure_unique(user)
        self._rows[user.id] = attrs.evolve(user)

    def count(self) -> int:
        return len(self._rows)

    def list(self) -> Sequence[User]:
        return [attrs.evolve(u) for u in sorted(self._rows.values(), key=lambda u: u.id)]

    def delete(self, user_id: UserId) -> None:
        # The foreign keys declared in the store do the work, as in SQL: what is the
        # user's alone goes along, tasks lose their assignee, and the events, tasks
        # and polls they created refuse it.
        try:
            delete_row(self._tables, self.name, user_id)
        except StillReferenced as refusal:
            raise Conflict("This user still owns events, tasks or polls.", field="id") from refusal

    def _ensure_unique(self, user: User) -> None:
        for other in self._rows.values():
            if other.id == user.id:
                continue
            if other.username == user.username:
                raise AlreadyExists("A user with that username already exists.", field="username")
            if other.email.lower() == user.email.lower():
                raise AlreadyExists("A user with that email already exists.", field="email")
            if user.phone and other.phone == user.phone:
                raise AlreadyExists("A user with that phone number already exists.", field="phone")


class MemoryCredentialsRepository(_Table):
    name = "credentials"

    def get(self, user_id: UserId) -> Credentials | None:
        return _copy(self._rows.get(user_id))

    def find_by_google_subject(self, subject: str) -> Credentials | None:
        if not subject:
            return None
        return _copy(next((c for c in self._rows.values() if c.google_subject == subject), None))

    def save(self, credentials: Credentials) -> None:
        subject = credentials.google_subject
        if subject and any(
            c.google_subject == subject and c.user_id != credentials.user_id
            for c in self._rows.values()
        ):
            raise AlreadyExists(
                "That Google account is linked to another user.", field="google_subject"
            )
        self._rows[credentials.user_id] = attrs.evolve(credentials)


class MemoryRefreshTokenRepository(_Table):
    name = "refresh_tokens"

    def add(self, token: RefreshToken) -> None:
        self._rows[token.token_hash] = attrs.evolve(token)

    def get(self, token_hash: str) -> RefreshToken | None:
        return _copy(self._rows.get(token_hash))

    def save(self, token: RefreshToken) -> None:
        self._rows[token.token_hash] = attrs.evolve(token)

    def revoke_family(self, family: str, now: datetime) -> None:
        for key, token in list(self._rows.items()):
            if token.family == family and token.revoked_at is None:
                self._rows[key] = attrs.evolve(token, revoked_at=now)


class MemoryApiTokenRepository(_Table):
    name = "api_tokens"

    def for_user(self, user_id: UserId) -> ApiToken | None:
        return _copy(self._rows.get(user_id))

    def save(self, token: ApiToken) -> None:
        self._rows[token.user_id] = attrs.evolve(token)

    def delete_for_user(self, user_id: UserId) -> None:
        self._rows.pop(user_id, None)


class MemoryCategoryRepository(_Table):
    name = "categories"

    def add(self, category: Category) -> Category:
        if self.find_by_name(category.name) is not None:
            raise AlreadyExists("A category with that name already exists.", field="name")
        stored = attrs.evolve(category, id=CategoryId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, category_id: CategoryId) -> Category | None:
        return _copy(self._rows.get(category_id))

    def find_by_name(self, name: str) -> Category | None:
        wanted = name.lower()
        return _copy(next((c for c in self._rows.values() if c.name.lower() == wanted), None))

    def list(self) -> Sequence[Category]:
        return [attrs.evolve(c) for c in sorted(self._rows.values(), key=lambda c: c.id)]


class MemoryEventRepository(_Table):
    name = "events"

    def add(self, event: Event) -> Event:
        stored = attrs.evolve(event, id=EventId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, event_id: EventId) -> Event | None:
        return _copy(self._rows.get(event_id))

    def lock(self, event_id: EventId) -> Event | None:
        # A memory unit of work already holds the store's lock from start to end.
        return self.get(event_id)

    def save(self, event: Event) -> None:
        self._rows[event.id] = attrs.evolve(event)

    def delete(self, event_id: EventId) -> None:
        # Its attendances, tasks and polls (with their ballots) go along: the
        # store's CASCADE keys, as in SQL.
        delete_row(self._tables, self.name, event_id)


class MemoryAttendanceRepository(_Table):
    name = "attendances"

    def add(self, attendance: Attendance) -> Attendance:
        if self.find(attendance.event_id, attendance.user_id) is not None:
            raise AlreadyExists("You already have an attendance for this event.", field="event")
        self._ensure_free_place(attendance)
        stored = attrs.evolve(attendance, id=AttendanceId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def save(self, attendance: Attendance) -> None:
        self._ensure_free_place(attendance)
        self._rows[attendance.id] = attrs.evolve(attendance)

    def _ensure_free_place(self, attendance: Attendance) -> None:
        # The unique (event_id, queue_number) index of tables.py.
        if attendance.queue_number is not None and any(
            a.event_id == attendance.event_id
            and a.queue_number == attendance.queue_number
            and a.id != attendance.id
            for a in self._rows.values()
        ):
            raise AlreadyExists(
                "This place in the waiting list is taken; try again.", field="queue_number"
            )

    def find(self, event_id: EventId, user_id: UserId) -> Attendance | None:
        return _copy(
            next(
                (a for a in self._rows.values() if a.event_id == event_id and a.user_id == user_id),
                None,
            )
        )

    def count(self, event_id: EventId, status: AttendanceStatus) -> int:
        return sum(1 for a in self._rows.values() if a.event_id == event_id and a.status is status)

    def delete(self, event_id: EventId, user_id: UserId) -> None:
        for key in [
            k for k, a in self._rows.items() if a.event_id == event_id and a.user_id == user_id
        ]:
            del self._rows[key]

    def for_event(self, event_id: EventId) -> Sequence[Attendance]:
        return self._where(lambda a: a.event_id == event_id)

    def for_user(self, user_id: UserId) -> Sequence[Attendance]:
        return self._where(lambda a: a.user_id == user_id)

    def queue(self, event_id: EventId, limit: int | None = None) -> Sequence[Attendance]:
        waiting = sorted(self._waiting(event_id), key=lambda a: a.queue_number or 0)
        return [attrs.evolve(a) for a in waiting[:limit]]

    def last_in_queue(self, event_id: EventId) -> int:
        return max((a.queue_number or 0 for a in self._waiting(event_id)), default=0)

    def waiting_list(self, event_id: EventId, user_id: UserId | None) -> WaitingList:
        waiting = self._waiting(event_id)
        mine = next((a.queue_number for a in waiting if a.user_id == user_id), None)
        position = None
        if mine is not None:
            position = sum(1 for a in waiting if (a.queue_number or 0) <= mine)
        return WaitingList(len(waiting), position)

    def _waiting(self, event_id: EventId) -> list[Attendance]:
        return [a for a in self._rows.values() if a.event_id == event_id and a.is_waiting]

    def _where(self, wanted: Callable[[Attendance], bool]) -> Sequence[Attendance]:
        return [
            attrs.evolve(a) for a in sorted(self._rows.values(), key=lambda a: a.id) if wanted(a)
        ]
