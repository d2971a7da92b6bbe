"""The tally of public events that the list counts from stays exact whoever writes,
and the list's COUNT reads indexes, never the whole events table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from sqlalchemy import Engine, false, func, insert, select, update

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.tables import event_tallies, events
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.calendar_days import DayWindow
from eventcore.domain.event_changes import EventDraft, new_event
from eventcore.domain.events import Event
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import User
from support.statements import count_plan


def _tally_and_truth(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        tally = connection.execute(select(event_tallies.c.public_events)).scalar_one()
        truth = connection.execute(
            select(func.count()).where(events.c.is_private == false())
        ).scalar_one()
    return tally, truth


def _listed_total(engine: Engine, viewer_id: UserId | None) -> int | None:
    with SqlUnitOfWork(engine) as uow:
        return uow.event_queries.page(EventFilter(viewer_id=viewer_id), PageRequest(1, 5)).total


def test_the_tally_follows_every_kind_of_write(
    sql_engine: Engine,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    owner = add_user()
    public = add_event(owner.id)
    private = add_event(owner.id, is_private=True)
    assert _tally_and_truth(sql_engine) == (1, 1)

    # A bulk insert of many rows in one statement, as a data load does.
    drafts = [
        new_event(
            EventDraft(title=f"Bulk {n}", starts_at=now + timedelta(days=n), is_private=n % 3 == 0),
            creator_id=owner.id,
            category_id=None,
            seats_taken=0,
            now=now,
        )
        for n in range(1, 31)
    ]
    with sql_engine.begin() as connection:
        connection.execute(insert(events), [rows.event_values(draft) for draft in drafts])
    assert _tally_and_truth(sql_engine) == (21, 21)

    with SqlUnitOfWork(sql_engine) as uow:  # the repository's save, both ways
        uow.events.save(attrs.evolve(public, is_private=True))
        uow.events.save(attrs.evolve(private, is_private=False))
        uow.commit()
    assert _tally_and_truth(sql_engine) == (21, 21)

    with sql_engine.begin() as connection:  # one statement changing many rows
        connection.execute(
            update(events).where(events.c.title.like("Bulk%")).values(is_private=True)
        )
    assert _tally_and_truth(sql_engine) == (1, 1)
    with sql_engine.begin() as connection:
        connection.execute(update(events).values(title="Renamed"))  # privacy untouched
    assert _tally_and_truth(sql_engine) == (1, 1)

    with SqlUnitOfWork(sql_engine) as uow:
        uow.events.delete(private.id)
        uow.commit()
    assert _tally_and_truth(sql_engine) == (0, 0)


def test_the_list_counts_public_events_and_the_viewers_private_ones(
    sql_engine: Engine,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
) -> None:
    owner, guest, stranger = add_user(), add_user(), add_user()
    for _ in range(3):
        add_event(owner.id)
    mine = add_event(owner.id, is_private=True)
    add_event(owner.id, is_private=True)
    with SqlUnitOfWork(sql_engine) as uow:
        organizer = uow.attendances.find(mine.id, owner.id)
        assert organizer is not None
        uow.attendances.add(attrs.evolve(organizer, id=None, user_id=guest.id, is_organizer=False))
        uow.commit()
    assert _listed_total(sql_engine, None) == 3
    assert _listed_total(sql_engine, stranger.id) == 3
    assert _listed_total(sql_engine, guest.id) == 4
    assert _listed_total(sql_engine, owner.id) == 5


@pytest.mark.parametrize("sql_backend", ["sqlite"], indirect=True)
def test_counting_the_list_reads_no_whole_table(
    sql_engine: Engine, add_user: Callable[..., User]
) -> None:
    viewer = add_user()
    for where in (
        EventFilter(viewer_id=viewer.id),
        EventFilter(viewer_id=None),
        EventFilter(viewer_id=viewer.id, starts_from=datetime(2030, 1, 1).astimezone()),
    ):
        steps = count_plan(sql_engine, where)
        assert not [step for step in steps if step == "SCAN events"], steps


def _longest(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(event_tallies.c.longest_event_seconds)).scalar_one())


def test_an_event_longer_than_any_before_is_still_found_where_it_overlaps(
    sql_engine: Engine,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    owner = add_user()
    # The length only grows (deleting the longest event leaves it): this database
    # may have held long events before this test.
    longest_before = _longest(sql_engine)
    festival = add_event(owner.id, starts_at=now, ends_at=now + timedelta(hours=3))
    assert _longest(sql_engine) >= 3 * 3600
    lasting = timedelta(seconds=longest_before) + timedelta(days=40)
    with SqlUnitOfWork(sql_engine) as uow:  # now longer than any event before
        uow.events.save(attrs.evolve(festival, ends_at=now + lasting))
        uow.commit()
    assert _longest(sql_engine) >= lasting.total_seconds()

    near_its_end = EventFilter(
        viewer_id=owner.id,
        overlaps_from=now + lasting - timedelta(days=2),
        overlaps_before=now + lasting - timedelta(days=1),
    )
    with SqlUnitOfWork(sql_engine) as uow:
        found = uow.event_queries.page(near_its_end, PageRequest(1, 10))
    assert [view.event.id for view in found.items] == [festival.id]
    assert found.total == 1


def test_an_event_across_the_whole_calendar_is_found_and_breaks_no_query(
    sql_engine: Engine, add_user: Callable[..., User], add_event: Callable[..., Event]
) -> None:
    # Its length is more than the time from year 1 to most moments: the floor would
    # fall before the calendar begins.
    owner = add_user()
    ages = add_event(
        owner.id,
        starts_at=datetime(2, 1, 1, tzinfo=UTC),
        ends_at=datetime(9998, 12, 31, tzinfo=UTC),
    )
    moment = datetime(2030, 6, 1, tzinfo=UTC)
    with SqlUnitOfWork(sql_engine) as uow:
        found = uow.event_queries.page(
            EventFilter(overlaps_from=moment, overlaps_before=moment + timedelta(days=1)),
            PageRequest(1, 10),
        )
        counts = uow.event_queries.count_by_day(
            EventFilter(overlaps_from=moment, overlaps_before=moment + timedelta(days=1)),
            [DayWindow(moment.date(), moment, moment + timedelta(days=1))],
        )
    assert [view.event.id for view in found.items] == [ages.id]
    assert counts.total == 1
    assert counts.per_day == {moment.date(): 1}
