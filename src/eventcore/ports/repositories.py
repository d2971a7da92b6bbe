"""One repository Protocol per aggregate. Adapters satisfy them structurally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from eventcore.domain.attendance import Attendance, AttendanceStatus, WaitingList
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken, UserOfLogin
from eventcore.domain.events import Category, Event
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.users import User


class UserRepository(Protocol):
    def add(self, user: User) -> User:
        """Store a new user and return it with its id. Raises AlreadyExists."""
        ...

    def get(self, user_id: UserId) -> User | None: ...

    def get_with_login(self, user_id: UserId, family: str) -> UserOfLogin | None:
        """The user, with whether their login `family` (a refresh-token family) is still
        on, in the one read that `get` costs; None when there is no such user."""
        ...

    def holding_api_token(self, token_hash: str) -> User | None:
        """The user whose API token (one per user) has this hash, in one read; None
        when no token has it."""
        ...

    def find_by_login(self, login: str) -> User | None:
        """The user whose username, or else email (any case), equals `login`."""
        ...

    def find_by_email(self, email: str) -> User | None: ...

    def find_by_phone(self, phone: str) -> User | None:
        """The user with exactly this (non-empty) phone number."""
        ...

    def get_many(self, user_ids: Sequence[UserId]) -> Sequence[User]:
        """The users of those ids that exist, by id."""
        ...

    def search(self, text: str, limit: int) -> Sequence[User]:
        """Up to `limit` users whose name or email contains `text`, in any case, by id."""
        ...

    def save(self, user: User) -> None:
        """Persist changes to an existing user. Raises AlreadyExists."""
        ...

    def count(self) -> int: ...

    def list(self) -> Sequence[User]:
        """Every user, by id."""
        ...

    def delete(self, user_id: UserId) -> None:
        """Remove the user with what is theirs alone (credentials, tokens, attendances,
        ballots). Raises Conflict while rows the user created for others to use (events,
        tasks, polls) still name them."""
        ...


class CredentialsRepository(Protocol):
    def get(self, user_id: UserId) -> Credentials | None: ...

    def find_by_google_subject(self, subject: str) -> Credentials | None:
        """The credentials linked to this (non-empty) Google account subject."""
        ...

    def save(self, credentials: Credentials) -> None:
        """Insert or replace the credentials of one user."""
        ...


class RefreshTokenRepository(Protocol):
    def add(self, token: RefreshToken) -> None: ...

    def get(self, token_hash: str) -> RefreshToken | None: ...

    def save(self, token: RefreshToken) -> None: ...

    def revoke_family(self, family: str, now: datetime) -> None: ...


class ApiTokenRepository(Protocol):
    def for_user(self, user_id: UserId) -> ApiToken | None: ...

    def save(self, token: ApiToken) -> None:
        """Store the user's token, replacing the one they had: one token per user."""
        ...

    def delete_for_user(self, user_id: UserId) -> None: ...


class CategoryRepository(Protocol):
    def add(self, category: Category) -> Category:
        """Raises AlreadyExists when the name is taken."""
        ...

    def get(self, category_id: CategoryId) -> Category | None: ...

    def find_by_name(self, name: str) -> Category | None: ...

    def list(self) -> Sequence[Category]: ...


class EventRepository(Protocol):
    def add(self, event: Event) -> Event: ...

    def get(self, event_id: EventId) -> Event | None: ...

    def lock(self, event_id: EventId) -> Event | None:
        """Like get, and holds off other writers to this event until the unit of work ends.

        Capacity and ticket rules read-then-write; the lock makes that safe under
        parallel requests.
        """
        ...

    def save(self, event: Event) -> None: ...

    def delete(self, event_id: EventId) -> None:
        """Remove the event and everything that belongs to it."""
        ...


class AttendanceRepository(Protocol):
    def add(self, attendance: Attendance) -> Attendance: ...

    def save(self, attendance: Attendance) -> None: ...

    def find(self, event_id: EventId, user_id: UserId) -> Attendance | None: ...

    def count(self, event_id: EventId, status: AttendanceStatus) -> int: ...

    def delete(self, event_id: EventId, user_id: UserId) -> None:
        """Remove the user's attendance of the event, if there is one."""
        ...

    def for_event(self, event_id: EventId) -> Sequence[Attendance]:
        """Every attendance of the event, whatever its status, oldest first."""
        ...

    def for_user(self, user_id: UserId) -> Sequence[Attendance]:
        """Every attendance of the user, whatever its status, oldest first."""
        ...

    def queue(self, event_id: EventId, limit: int | None = None) -> Sequence[Attendance]:
        """The waitlisted attendances of the event by queue number: the first `limit`,
        or all of them."""
        ...

    def last_in_queue(self, event_id: EventId) -> int:
        """The highest queue number of the event's waiting list; 0 when nobody waits."""
        ...

    def waiting_list(self, event_id: EventId, user_id: UserId | None) -> WaitingList:
        """How many wait for the event, and `user_id`'s place among them, in one
        round trip."""
        ...
