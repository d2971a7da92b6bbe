"""Sql*Repository classes: Core statements on the unit of work's connection.

Each method runs a fixed number of statements. Writes that a UNIQUE rule may
refuse run inside `unique_rules`, which turns the refusal into AlreadyExists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

import attrs
from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.conflicts import unique_rules
from eventcore.adapters.sqlalchemy.image_lists import images_of
from eventcore.adapters.sqlalchemy.substrings import like_pattern, substring_pattern
from eventcore.adapters.sqlalchemy.tables import (
    EVENT_ENTITY_COLUMNS,
    api_tokens,
    attendances,
    categories,
    event_images,
    events,
    refresh_tokens,
    users,
)
from eventcore.adapters.sqlalchemy.tables import credentials as credentials_table
from eventcore.domain.attendance import Attendance, AttendanceStatus, WaitingList
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken, UserOfLogin
from eventcore.domain.errors import Conflict
from eventcore.domain.events import Category, Event
from eventcore.domain.ids import AttendanceId, CategoryId, EventId, UserId
from eventcore.domain.users import User


class _Repository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection


# The user with the state of one of their logins, in one statement: the login is on
# while a refresh token of its family is not revoked (an index lookup either way).
# Every authenticated request runs it, so it is built once: built anew for each call it
# took 0.3 ms on SQLite (SQLAlchemy building and keying it), built once 0.07 ms.
_USER_WITH_LOGIN = select(
    users,
    exists()
    .where(
        refresh_tokens.c.family == bindparam("family"),
        refresh_tokens.c.user_id == users.c.id,
        refresh_tokens.c.revoked_at.is_(None),
    )
    .label("login_on"),
).where(users.c.id == bindparam("user_id"))

# The reads every authenticated request makes, built once (building and keying a
# statement cost more than running it: benchmarks/README.md).
_USER_BY_ID = select(users).where(users.c.id == bindparam("user_id"))
_API_TOKEN_HOLDER = (
    select(users)
    .join(api_tokens, api_tokens.c.user_id == users.c.id)
    .where(api_tokens.c.token_hash == bindparam("token_hash"))
)


class SqlUserRepository(_Repository):
    def add(self, user: User) -> User:
        with unique_rules(self._connection):
            result = self._connection.execute(insert(users).values(rows.user_values(user)))
        return attrs.evolve(user, id=UserId(_new_id(result)))

    def get(self, user_id: UserId) -> User | None:
        row = self._connection.execute(_USER_BY_ID, {"user_id": user_id}).mappings().first()
        return None if row is None else rows.user_from_row(row)

    def get_with_login(self, user_id: UserId, family: str) -> UserOfLogin | None:
        row = (
            self._connection.execute(_USER_WITH_LOGIN, {"user_id": user_id, "family": family})
            .mappings()
            .first()
        )
        return None if row is None else UserOfLogin(rows.user_from_row(row), bool(row["login_on"]))

    def holding_api_token(self, token_hash: str) -> User | None:
        values = {"token_hash": token_hash}
        row = self._connection.execute(_API_TOKEN_HOLDER, values).mappings().first()
        return None if row is None else rows.user_from_row(row)

    def find_by_login(self, login: str) -> User | None:
        if not storable(login):
            return None
        # One round trip; a username match wins over an email match, as in memory.
        by_username_first = case((users.c.username == login, 0), else_=1)
        row = (
            self._connection.execute(
                select(users)
                .where(or_(users.c.username == login, users.c.email_key == login.lower()))
                .order_by(by_username_first)
                .limit(1)
            )
            .mappings()
            .first()
        )
        return None if row is None else rows.user_from_row(row)

    def find_by_email(self, email: str) -> User | None:
        if not storable(email):
            return None
        return self._one(users.c.email_key == email.lower())

    def find_by_phone(self, phone: str) -> User | None:
        if not phone or not storable(phone):
            return None
        # The second condition lets the planner use the partial unique index on phone.
        return self._one(and_(users.c.phone == phone, users.c.phone != ""))

    def save(self, user: User) -> None:
        with unique_rules(self._connection):
            self._connection.execute(
                update(users).where(users.c.id == user.id).values(rows.user_values(user))
            )

    def count(self) -> int:
        return self._connection.execute(select(func.count()).select_from(users)).scalar_one()

    def list(self) -> Sequence[User]:
        result = self._connection.execute(select(users).order_by(users.c.id))
        return [rows.user_from_row(row) for row in result.mappings()]

    def get_many(self, user_ids: Sequence[UserId]) -> Sequence[User]:
        if not user_ids:
            return []
        result = self._connection.execute(
            select(users).where(users.c.id.in_(user_ids)).order_by(users.c.id)
        )
        return [rows.user_from_row(row) for row in result.mappings()]

    def search(self, text: str, limit: int) -> Sequence[User]:
        if not storable(text):
            return []
        result = self._connection.execute(
            select(users)
            .where(like_pattern(users.c.search_folded, literal(substring_pattern(text.lower()))))
            .order_by(users.c.id)
            .limit(limit)
        )
        return [rows.user_from_row(row) for row in result.mappings()]

    def delete(self, user_id: UserId) -> None:
        # Credentials, tokens, attendances and ballots go by ON DELETE CASCADE;
        # events, tasks and polls the user created refuse it (no ON DELETE rule).
        try:
            with self._connection.begin_nested():
                self._connection.execute(delete(users).where(users.c.id == user_id))
        except IntegrityError as error:
            raise Conflict("This user still owns events, tasks or polls.", field="id") from error

    def _one(self, condition: Any) -> User | None:
        row = self._connection.execute(select(users).where(condition)).mappings().first()
        return None if row is None else rows.user_from_row(row)


class SqlCredentialsRepository(_Repository):
    def get(self, user_id: UserId) -> Credentials | None:
        row = (
            self._connection.execute(
                select(credentials_table).where(credentials_table.c.user_id == user_id)
            )
            .mappings()
            .first()
        )
        return None if row is None else rows.credentials_from_row(row)

    def find_by_google_subject(self, subject: str) -> Credentials | None:
        if not subject or not storable(subject):
            return None
        # The second condition lets the planner use the partial unique index.
        row = (
            self._connection.execute(
                select(credentials_table).where(
                    credentials_table.c.google_subject == subject,
                    credentials_table.c.google_subject != "",
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else rows.credentials_from_row(row)

    def save(self, credentials: Credentials) -> None:
        with unique_rules(self._connection):
            _upsert(
                self._connection,
                credentials_table,
                rows.credentials_values(credentials),
                key="user_id",
            )


class SqlRefreshTokenRepository(_Repository):
    def add(self, token: RefreshToken) -> None:
        self._connection.execute(insert(refresh_tokens).values(rows.refresh_token_values(token)))

    def get(self, token_hash: str) -> RefreshToken | None:
        row = (
            self._connection.execute(
                select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
            )
            .mappings()
            .first()
        )
        return None if row is None else rows.refresh_token_from_row(row)

    def save(self, token: RefreshToken) -> None:
        self._connection.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.token_hash == token.token_hash)
            .values(rows.refresh_token_values(token))
        )

    def revoke_family(self, family: str, now: datetime) -> None:
        self._connection.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.family == family, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )


class SqlApiTokenRepository(_Repository):
    def for_user(self, user_id: UserId) -> ApiToken | None:
        return self._one(api_tokens.c.user_id == user_id)

    def save(self, token: ApiToken) -> None:
        _upsert(self._connection, api_tokens, rows.api_token_values(token), key="user_id")

    def delete_for_user(self, user_id: UserId) -> None:
        self._connection.execute(delete(api_tokens).where(api_tokens.c.user_id == user_id))

    def _one(self, condition: ColumnElement[bool]) -> ApiToken | None:
        row = self._connection.execute(select(api_tokens).where(condition)).mappings().first()
        return None if row is None else rows.api_token_from_row(row)


class SqlCategoryRepository(_Repository):
    def add(self, category: Category) -> Category:
        with unique_rules(self._connection):
            result = self._connection.execute(
                insert(categories).values(rows.category_values(category))
            )
        return attrs.evolve(category, id=CategoryId(_new_id(result)))

    def get(self, category_id: CategoryId) -> Category | None:
        return self._one(categories.c.id == category_id)

    def find_by_name(self, name: str) -> Category | None:
        return self._one(categories.c.name_key == name.lower())

    def list(self) -> Sequence[Category]:
        result = self._connection.execute(select(categories).order_by(categories.c.id))
        return [rows.category_from_row(row) for row in result.mappings()]

    def _one(self, condition: Any) -> Category | None:
        row = self._connection.execute(select(categories).where(condition)).mappings().first()
        return None if row is None else rows.category_from_row(row)


class SqlEventRepository(_Repository):
    def add(self, event: Event) -> Event:
        result = self._connection.execute(insert(events).values(rows.event_values(event)))
        stored = attrs.evolve(event, id=EventId(_new_id(result)))
        self._insert_images(stored)
        return stored

    def get(self, event_id: EventId) -> Event | None:
        return self._load(event_id, for_update=False)

    def lock(self, event_id: EventId) -> Event | None:
        # FOR UPDATE holds other writers of this row on PostgreSQL until the end
        # of the transaction. SQLite renders no FOR UPDATE: there every write
        # transaction starts with BEGIN IMMEDIATE and so is serial already.
        return self._load(event_id, for_update=True)

    def save(self, event: Event) -> None:
        self._connection.execute(
            update(events).where(events.c.id == event.id).values(rows.event_values(event))
        )
        self._connection.execute(delete(event_images).where(event_images.c.event_id == event.id))
        self._insert_images(event)

    def delete(self, event_id: EventId) -> None:
        # Images and attendances go with it: ON DELETE CASCADE.
        self._connection.execute(delete(events).where(events.c.id == event_id))

    def _load(self, event_id: EventId, *, for_update: bool) -> Event | None:
        statement = select(*EVENT_ENTITY_COLUMNS, images_of(events.c.id).label("images")).where(
            events.c.id == event_id
        )
        if for_update:
            statement = statement.with_for_update()
        row = self._connection.execute(statement).mappings().first()
        return None if row is None else rows.event_from_row(row, row["images"])

    def _insert_images(self, event: Event) -> None:
        if event.images:
            self._connection.execute(
                insert(event_images), rows.image_values(event.id, event.images)
            )


class SqlAttendanceRepository(_Repository):
    def add(self, attendance: Attendance) -> Attendance:
        with unique_rules(self._connection):
            result = self._connection.execute(
                insert(attendances).values(rows.attendance_values(attendance))
            )
        return attrs.evolve(attendance, id=AttendanceId(_new_id(result)))

    def save(self, attendance: Attendance) -> None:
        with unique_rules(self._connection):
            self._connection.execute(
                update(attendances)
                .where(attendances.c.id == attendance.id)
                .values(rows.attendance_values(attendance))
            )

    def find(self, event_id: EventId, user_id: UserId) -> Attendance | None:
        row = (
            self._connection.execute(
                select(attendances).where(
                    attendances.c.event_id == event_id, attendances.c.user_id == user_id
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else rows.attendance_from_row(row)

    def count(self, event_id: EventId, status: AttendanceStatus) -> int:
        return self._connection.execute(
            select(func.count())
            .select_from(attendances)
            .where(attendances.c.event_id == event_id, attendances.c.status == status.value)
        ).scalar_one()

    def delete(self, event_id: EventId, user_id: UserId) -> None:
        self._connection.execute(
            delete(attendances).where(
                attendances.c.event_id == event_id, attendances.c.user_id == user_id
            )
        )

    def for_event(self, event_id: EventId) -> Sequence[Attendance]:
        return self._where(attendances.c.event_id == event_id)

    def for_user(self, user_id: UserId) -> Sequence[Attendance]:
        return self._where(attendances.c.user_id == user_id)

    def _where(self, condition: ColumnElement[bool]) -> Sequence[Attendance]:
        result = self._connection.execute(
            select(attendances).where(condition).order_by(attendances.c.id)
        )
        return [rows.attendance_from_row(row) for row in result.mappings()]

    def queue(self, event_id: EventId, limit: int | None = None) -> Sequence[Attendance]:
        statement = (
            select(attendances)
            .where(_waiting_for(event_id))
            .order_by(attendances.c.queue_number)
            .limit(limit)
        )
        return [
            rows.attendance_from_row(row) for row in self._connection.execute(statement).mappings()
        ]

    def last_in_queue(self, event_id: EventId) -> int:
        last = self._connection.execute(
            select(func.max(attendances.c.queue_number)).where(_waiting_for(event_id))
        ).scalar_one()
        return int(last or 0)

    def waiting_list(self, event_id: EventId, user_id: UserId | None) -> WaitingList:
        values = {"event_id": event_id, "user_id": user_id}
        waiting, ahead, waits = self._connection.execute(_WAITING_LIST, values).one()
        return WaitingList(waiting, ahead if waits else None)


def _waiting_for(event_id: EventId | ColumnElement[int]) -> ColumnElement[bool]:
    return and_(
        attendances.c.event_id == event_id,
        attendances.c.status == AttendanceStatus.WAITLISTED.value,
    )


def _waiting_list_select() -> Select[int, int, int]:
    """How many wait for `event_id`, and how many of them at or ahead of `user_id`'s
    place, in one statement (NULL when that user does not wait, since no number
    compares to NULL)."""
    waiting = _waiting_for(bindparam("event_id", type_=Integer()))
    mine = (
        select(attendances.c.queue_number)
        .where(waiting, attendances.c.user_id == bindparam("user_id", type_=Integer()))
        .scalar_subquery()
    )
    return select(
        func.count(),
        func.count(case((attendances.c.queue_number <= mine, 1))),
        func.count(mine),
    ).where(waiting)


_WAITING_LIST: Final = _waiting_list_select()


def storable(text: str) -> bool:
    """Whether a column could hold `text`. PostgreSQL refuses NUL in a query parameter
    (psycopg raises), so a lookup by such a value finds nothing without asking."""
    return "\x00" not in text


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise RuntimeError("the database returned no id for the new row")
    return int(key[0])


def _upsert(connection: Connection, table: Table, values: Mapping[str, Any], *, key: str) -> None:
    """Insert `values`, or update the row whose `key` column matches."""
    changes = {name: value for name, value in values.items() if name != key}
    if connection.dialect.name == "postgresql":
        pg = postgresql.insert(table).values(values)
        connection.execute(pg.on_conflict_do_update(index_elements=[key], set_=changes))
    elif connection.dialect.name == "sqlite":
        lite = sqlite.insert(table).values(values)
        connection.execute(lite.on_conflict_do_update(index_elements=[key], set_=changes))
    else:
        updated = connection.execute(
            update(table).where(table.c[key] == values[key]).values(changes)
        )
        if updated.rowcount == 0:
            connection.execute(insert(table).values(values))
