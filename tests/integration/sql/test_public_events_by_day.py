"""The tally of public events per UTC day of their start stays exact whoever writes,
from the migration's first fill on, and the count of a list by status reads it
instead of every upcoming event."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

import attrs
import pytest
from alembic import command
from sqlalchemy import (
    Connection,
    Engine,
    case,
    delete,
    false,
    insert,
    inspect,
    select,
    text,
    update,
)

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.migrate import alembic_config, upgrade
from eventcore.adapters.sqlalchemy.tables import events, public_events_by_day, users
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.events import Event, EventStatus
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter
from eventcore.domain.users import User
from support.statements import count_plan

# Where the UTC day is another than the local one for most of the day.
KIRITIMATI = timezone(timedelta(hours=14))
MIDNIGHT = datetime(2026, 3, 2, tzinfo=UTC)
LAST_MOMENT = MIDNIGHT - timedelta(microseconds=1)


def _days(connection: Connection) -> Counter[date]:
    """The day tallies; a day whose public events all went stays, at zero."""
    found = connection.execute(select(public_events_by_day)).all()
    return Counter({day: count for day, count in found if count})


def _truth(connection: Connection) -> Counter[date]:
    """The public events per UTC day of their start, counted here from their starts."""
    starts = connection.execute(select(events.c.starts_at).where(events.c.is_private == false()))
    return Counter(starts_at.astimezone(UTC).date() for starts_at in starts.scalars())


def _tally_and_truth(engine: Engine) -> tuple[Counter[date], Counter[date]]:
    with engine.connect() as connection:
        return _days(connection), _truth(connection)


def _event(creator_id: UserId, starts_at: datetime, *, is_private: bool = False) -> Event:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return Event(
        title="Bulk",
        creator_id=creator_id,
        starts_at=starts_at,
        is_private=is_private,
        created_at=moment,
        updated_at=moment,
    )


@contextmanager
def _in_another_zone(engine: Engine) -> Iterator[Connection]:
    """A transaction whose PostgreSQL session is not in UTC: the day of a start must
    not depend on it."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL timezone = 'Pacific/Kiritimati'"))
        yield connection


def test_the_day_tallies_follow_every_kind_of_write(
    sql_engine: Engine,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    owner = add_user()
    # Through the repositories: on both sides of a UTC midnight, and a start given in
    # a zone whose date is the next day's.
    last = add_event(owner.id, starts_at=LAST_MOMENT)
    first = add_event(owner.id, starts_at=MIDNIGHT)
    add_event(owner.id, starts_at=(MIDNIGHT - timedelta(hours=2)).astimezone(KIRITIMATI))
    hidden = add_event(owner.id, starts_at=now, is_private=True)
    expected = Counter({LAST_MOMENT.date(): 2, MIDNIGHT.date(): 1})
    assert _tally_and_truth(sql_engine) == (expected, expected)

    # A bulk insert of many rows in one statement, as a data load does.
    bulk = [
        _event(owner.id, now + timedelta(hours=7 * n), is_private=n % 3 == 0) for n in range(40)
    ]
    with _in_another_zone(sql_engine) as connection:
        connection.execute(insert(events), [rows.event_values(event) for event in bulk])
    tally, truth = _tally_and_truth(sql_engine)
    assert (tally, sum(tally.values())) == (truth, 3 + 26)

    last, shown = attrs.evolve(last, is_private=True), attrs.evolve(hidden, is_private=False)
    with SqlUnitOfWork(sql_engine) as uow:  # the repository's save, both ways
        uow.events.save(last)
        uow.events.save(shown)
        uow.commit()
    tally, truth = _tally_and_truth(sql_engine)
    # `shown`, the one starting at 22:00 UTC, one of the bulk.
    assert (tally, tally[LAST_MOMENT.date()]) == (truth, 3)
    with SqlUnitOfWork(sql_engine) as uow:  # to another day, and within its day
        uow.events.save(attrs.evolve(first, starts_at=MIDNIGHT + timedelta(days=90)))
        uow.events.save(attrs.evolve(shown, starts_at=now + timedelta(hours=3)))
        # A private event changes no day's count, wherever it goes.
        uow.events.save(attrs.evolve(last, starts_at=MIDNIGHT + timedelta(days=30)))
        uow.commit()
    tally, truth = _tally_and_truth(sql_engine)
    assert (tally, tally[MIDNIGHT.date()]) == (truth, 3)  # 3 of the bulk
    assert tally[(MIDNIGHT + timedelta(days=90)).date()] == 1

    with _in_another_zone(sql_engine) as connection:  # statements changing many rows
        connection.execute(
            update(events).where(events.c.title == "Bulk").values(is_private=~events.c.is_private)
        )
        assert _days(connection) == _truth(connection)
        connection.execute(
            update(events)
            .where(events.c.title == "Bulk")
            .values(
                starts_at=case(
                    (events.c.is_private == false(), MIDNIGHT + timedelta(days=60)),
                    else_=events.c.starts_at,
                ),
                finishes_at=MIDNIGHT + timedelta(days=61),
            )
        )
        connection.execute(update(events).values(title=events.c.title + "!"))  # days untouched
    tally, truth = _tally_and_truth(sql_engine)
    assert tally == truth
    assert tally[(MIDNIGHT + timedelta(days=60)).date()] == 14

    with SqlUnitOfWork(sql_engine) as uow:
        uow.events.delete(first.id)
        uow.events.delete(last.id)
        uow.commit()
    tally, truth = _tally_and_truth(sql_engine)
    assert (tally, sum(tally.values())) == (truth, 1 + 1 + 14)
    with sql_engine.begin() as connection:
        connection.execute(delete(events))
    assert _tally_and_truth(sql_engine) == (Counter(), Counter())


def _add_user(connection: Connection) -> UserId:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    user = User(username="ada", email="ada@example.org", created_at=moment, updated_at=moment)
    return UserId(
        connection.execute(insert(users).values(rows.user_values(user)).returning(users.c.id))
        .scalars()
        .one()
    )


def _triggers(connection: Connection) -> set[str]:
    """The triggers of this database (of its schema, on PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        query = (
            "SELECT tgname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid"
            " WHERE NOT tgisinternal AND relnamespace = current_schema()::regnamespace"
        )
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    return set(connection.execute(text(query)).scalars())


def test_the_migration_counts_the_events_already_there_and_goes_back_cleanly(
    empty_database: Engine, now: datetime
) -> None:
    upgrade(empty_database, "0011")
    with _in_another_zone(empty_database) as connection:
        before = _triggers(connection)
        owner = _add_user(connection)
        existing = [
            _event(owner, LAST_MOMENT),
            _event(owner, MIDNIGHT),
            _event(owner, (MIDNIGHT + timedelta(hours=3)).astimezone(KIRITIMATI)),
            _event(owner, MIDNIGHT, is_private=True),
            *(_event(owner, now + timedelta(days=n)) for n in range(-5, 5)),
        ]
        connection.execute(insert(events), [rows.event_values(event) for event in existing])

    with _in_another_zone(empty_database) as connection:
        command.upgrade(alembic_config(connection), "0012")
    with empty_database.connect() as connection:
        assert _days(connection) == _truth(connection)
        assert _days(connection)[MIDNIGHT.date()] == 3  # the private one aside
        added = _triggers(connection) - before
    assert added == {f"public_events_by_day_on_{name}" for name in ("insert", "delete", "update")}

    with empty_database.begin() as connection:
        command.downgrade(alembic_config(connection), "0011")
    with empty_database.connect() as connection:
        assert _triggers(connection) == before
        assert "public_events_by_day" not in inspect(connection).get_table_names()
        if connection.dialect.name == "postgresql":
            functions = (
                "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"
                " AND proname LIKE 'public_events_by_day%'"
            )
            assert connection.execute(text(functions)).all() == []
    # The events can still be written without the table, and a second upgrade counts
    # them again.
    with empty_database.begin() as connection:
        connection.execute(delete(events).where(events.c.starts_at == LAST_MOMENT))
    upgrade(empty_database)
    with empty_database.connect() as connection:
        assert _days(connection) == _truth(connection)
        assert _days(connection)[LAST_MOMENT.date()] == 1  # `now`'s


@pytest.mark.parametrize("sql_backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("status", list(EventStatus))
@pytest.mark.parametrize("viewer", [False, True])
def test_counting_a_list_by_status_reads_days_not_every_event(
    sql_engine: Engine, add_user: Callable[..., User], status: EventStatus, viewer: bool
) -> None:
    user = add_user()
    where = EventFilter(viewer_id=user.id if viewer else None, status=status, now=MIDNIGHT)
    steps = count_plan(sql_engine, where)
    # Every read of the list-order index is bounded on both sides: the rest of now's
    # day, or the events that may still be going on.
    ranges = [step for step in steps if "ix_events_list_order" in step]
    assert ranges, steps
    assert all("starts_at>" in step and "starts_at<" in step for step in ranges), steps
    assert not [step for step in steps if step.startswith("SCAN events")], steps
    if status is not EventStatus.ONGOING:
        assert any("public_events_by_day" in step for step in steps), steps


@pytest.mark.parametrize("sql_backend", ["postgresql"], indirect=True)
def test_writers_of_two_days_in_opposite_orders_wait_for_each_other(
    sql_engine: Engine, add_user: Callable[..., User]
) -> None:
    # Each writer takes the one row of event_tallies before any day row (its triggers
    # fire first): the second waits at the tally, holding no day row the first needs.
    # Were the days first, each would hold the day the other writes next: a deadlock.
    owner = add_user().id
    early, late = MIDNIGHT, MIDNIGHT + timedelta(days=1)

    def add(connection: Connection, starts_at: datetime) -> None:
        connection.execute(insert(events).values(rows.event_values(_event(owner, starts_at))))

    with sql_engine.begin() as connection:
        add(connection, early)
        add(connection, late)
    first_wrote = threading.Event()

    def first() -> None:
        with sql_engine.begin() as connection:
            add(connection, late)
            first_wrote.set()
            time.sleep(0.5)  # the second writer's first statement is waiting by now
            add(connection, early)

    def second() -> None:
        first_wrote.wait()
        with sql_engine.begin() as connection:
            add(connection, early)
            add(connection, late)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(first), pool.submit(second)]:
            done.result()
    expected = Counter({early.date(): 3, late.date(): 3})
    assert _tally_and_truth(sql_engine) == (expected, expected)
