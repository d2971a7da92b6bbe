"""The task and poll repositories behave the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from eventcore.domain.attendance import Attendance
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, OptionId, PollId, TaskId
from eventcore.domain.paging import PageRequest
from eventcore.domain.planning_views import EventRef, PollHeadline
from eventcore.domain.tasks import Task, TaskFilter, TaskPriority, TaskStatus
from eventcore.domain.users import User
from eventcore.domain.views import UserSummary
from eventcore.domain.voting import AlreadyVoted, Ballot, Poll, PollFilter, PollOption, PollStatus
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
AddUser = Callable[..., User]
AddEvent = Callable[..., Event]
Attend = Callable[..., Attendance]
KOLKATA = timezone(timedelta(hours=5, minutes=30))


@attrs.frozen
class Cast:
    """Users and events most tests need: a public and a private event of `owner`."""

    owner: User
    member: User
    outsider: User
    public: Event
    private: Event


@pytest.fixture
def cast(add_user: AddUser, add_event: AddEvent, attend: Attend) -> Cast:
    owner = add_user(username="owner", first_name="Olga")
    member, outsider = add_user(username="member"), add_user(username="outsider")
    public = add_event(owner.id, title="Public picnic")
    private = add_event(owner.id, title="Private dinner", is_private=True)
    attend(private.id, member.id)
    return Cast(owner, member, outsider, public, private)


def new_task(event: Event, creator: User, now: datetime, **fields: Any) -> Task:
    fields.setdefault("title", "Bring chairs")
    fields.setdefault("created_at", now)
    fields.setdefault("updated_at", now)
    return Task(event_id=event.id, creator_id=creator.id, **fields)


def add_task(uow_factory: UowFactory, task: Task) -> Task:
    with uow_factory() as uow:
        stored = uow.tasks.add(task)
        uow.commit()
    return stored


def new_poll(event: Event, creator: User, now: datetime, *texts: str, **fields: Any) -> Poll:
    fields.setdefault("title", "Lunch")
    fields.setdefault("ends_at", now + timedelta(days=1))
    options = tuple(
        PollOption(text=text, position=n)
        for n, text in enumerate(texts or ("Pizza", "Sushi", "Tacos"))
    )
    return Poll(event_id=event.id, creator_id=creator.id, created_at=now, options=options, **fields)


def add_poll(uow_factory: UowFactory, poll: Poll) -> Poll:
    with uow_factory() as uow:
        stored = uow.polls.add(poll)
        uow.commit()
    return stored


def add_ballot(
    uow_factory: UowFactory, poll: Poll, user: User, now: datetime, *positions: int
) -> Ballot:
    chosen = tuple(poll.options[position].id for position in positions)
    with uow_factory() as uow:
        stored = uow.polls.add_ballot(
            Ballot(poll_id=poll.id, user_id=user.id, option_ids=chosen, cast_at=now)
        )
        uow.commit()
    return stored


# --- tasks -------------------------------------------------------------------------


def test_a_task_round_trips_with_every_field(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    task = new_task(
        cast.public,
        cast.owner,
        now,
        title="Chairs ✓",
        description="Twelve\nfolding",
        status=TaskStatus.COMPLETED,
        priority=TaskPriority.HIGH,
        due_date=datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=KOLKATA),
        assignee_id=cast.member.id,
        completed_at=now + timedelta(minutes=5),
        updated_at=now + timedelta(microseconds=3),
    )
    stored = add_task(uow_factory, task)
    assert stored.id != TaskId(0)
    assert stored == attrs.evolve(task, id=stored.id)
    with uow_factory() as uow:
        assert uow.tasks.get(stored.id) == stored
        assert uow.tasks.get(TaskId(999_999)) is None


def test_saved_task_changes_are_kept(uow_factory: UowFactory, cast: Cast, now: datetime) -> None:
    stored = add_task(uow_factory, new_task(cast.public, cast.owner, now))
    changed = attrs.evolve(
        stored,
        title="Tables",
        status=TaskStatus.IN_PROGRESS,
        assignee_id=cast.member.id,
        updated_at=now + timedelta(hours=1),
    )
    with uow_factory() as uow:
        uow.tasks.save(changed)
        uow.commit()
    with uow_factory() as uow:
        assert uow.tasks.get(stored.id) == changed


def test_a_task_view_carries_its_event_creator_and_assignee(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    assigned = add_task(
        uow_factory, new_task(cast.public, cast.owner, now, assignee_id=cast.member.id)
    )
    alone = add_task(uow_factory, new_task(cast.public, cast.member, now))
    with uow_factory() as uow:
        view = uow.tasks.view(assigned.id)
        lonely = uow.tasks.view(alone.id)
        assert uow.tasks.view(TaskId(999_999)) is None
    assert view is not None
    assert lonely is not None
    assert view.task == assigned
    assert view.event == EventRef(cast.public.id, "Public picnic", cast.public.starts_at)
    assert view.creator == UserSummary.of(cast.owner)
    assert view.assignee == UserSummary.of(cast.member)
    assert (lonely.creator, lonely.assignee) == (UserSummary.of(cast.member), None)


def _task_ids(
    uow_factory: UowFactory, request: PageRequest | None = None, **where: Any
) -> tuple[list[TaskId], int]:
    with uow_factory() as uow:
        page = uow.tasks.page(TaskFilter(**where), request or PageRequest())
    return [view.task.id for view in page.items], page.total


def test_the_task_list_shows_private_events_tasks_only_to_their_people(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    public = add_task(uow_factory, new_task(cast.public, cast.owner, now)).id
    private = add_task(uow_factory, new_task(cast.private, cast.owner, now)).id
    assert _task_ids(uow_factory) == ([public], 1)
    assert _task_ids(uow_factory, viewer_id=cast.outsider.id) == ([public], 1)
    assert _task_ids(uow_factory, viewer_id=cast.member.id) == ([public, private], 2)
    assert _task_ids(uow_factory, viewer_id=cast.owner.id) == ([public, private], 2)


def test_the_task_list_filters_and_pages_oldest_first(
    uow_factory: UowFactory, cast: Cast, now: datetime, add_event: AddEvent
) -> None:
    other = add_event(cast.owner.id, title="Other")
    day = timedelta(days=1)
    a = add_task(
        uow_factory,
        new_task(cast.public, cast.owner, now, due_date=now + day, assignee_id=cast.member.id),
    ).id
    b = add_task(
        uow_factory,
        new_task(cast.public, cast.owner, now, due_date=now + 3 * day, status=TaskStatus.COMPLETED),
    ).id
    c = add_task(uow_factory, new_task(other, cast.owner, now, assignee_id=cast.member.id)).id

    assert _task_ids(uow_factory) == ([a, b, c], 3)
    assert _task_ids(uow_factory, event_id=other.id) == ([c], 1)
    assert _task_ids(uow_factory, assignee_id=cast.member.id) == ([a, c], 2)
    assert _task_ids(uow_factory, status=TaskStatus.COMPLETED) == ([b], 1)
    assert _task_ids(uow_factory, due_from=now + day) == ([a, b], 2)
    assert _task_ids(uow_factory, due_before=now + day) == ([], 0)
    assert _task_ids(uow_factory, due_from=now + 2 * day, due_before=now + 4 * day) == ([b], 1)
    assert _task_ids(uow_factory, PageRequest(2, 2)) == ([c], 3)


def test_the_tasks_of_an_event_come_oldest_first(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    first = add_task(uow_factory, new_task(cast.public, cast.owner, now, title="First"))
    add_task(uow_factory, new_task(cast.private, cast.owner, now))
    second = add_task(uow_factory, new_task(cast.public, cast.member, now, title="Second"))
    with uow_factory() as uow:
        assert list(uow.tasks.of_event(cast.public.id)) == [first, second]
        assert list(uow.tasks.of_event(EventId(999_999))) == []


# --- polls -------------------------------------------------------------------------


def test_a_poll_round_trips_with_its_options_in_order(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    poll = new_poll(
        cast.public,
        cast.owner,
        now,
        "Pizza",
        "Sushi ✓",
        description="Where?",
        multiple_choice=True,
        ends_at=datetime(2026, 3, 2, 9, 0, tzinfo=KOLKATA),
    )
    stored = add_poll(uow_factory, poll)
    assert stored.id != PollId(0)
    assert [o.text for o in stored.options] == ["Pizza", "Sushi ✓"]
    assert len({o.id for o in stored.options}) == 2
    assert OptionId(0) not in {o.id for o in stored.options}
    assert stored == attrs.evolve(poll, id=stored.id, options=stored.options)
    with uow_factory() as uow:
        assert uow.polls.get(stored.id) == stored
        assert uow.polls.get(PollId(999_999)) is None


def test_a_ballot_is_stored_once_per_person_and_poll(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    poll = add_poll(uow_factory, new_poll(cast.public, cast.owner, now, multiple_choice=True))
    other = add_poll(uow_factory, new_poll(cast.public, cast.owner, now))
    ballot = add_ballot(uow_factory, poll, cast.member, now, 0, 2)
    add_ballot(uow_factory, other, cast.member, now, 1)
    with uow_factory() as uow:
        assert uow.polls.ballot_of(poll.id, cast.member.id) == ballot
        assert uow.polls.ballot_of(poll.id, cast.owner.id) is None
        with pytest.raises(AlreadyVoted) as caught:
            uow.polls.add_ballot(
                Ballot(
                    poll_id=poll.id,
                    user_id=cast.member.id,
                    option_ids=(poll.options[1].id,),
                    cast_at=now,
                )
            )
        assert caught.value.field == "option_ids"
        # The refusal leaves the unit of work usable.
        add_after = uow.polls.add_ballot(
            Ballot(
                poll_id=poll.id,
                user_id=cast.owner.id,
                option_ids=(poll.options[1].id,),
                cast_at=now,
            )
        )
        uow.commit()
    assert add_after.id != ballot.id
    assert ballot.option_ids == (poll.options[0].id, poll.options[2].id)


def test_a_poll_view_counts_ballots_and_choices(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    poll = add_poll(uow_factory, new_poll(cast.private, cast.owner, now, multiple_choice=True))
    add_ballot(uow_factory, poll, cast.member, now, 0, 2)
    add_ballot(uow_factory, poll, cast.owner, now, 2)
    with uow_factory() as uow:
        view = uow.polls.view(poll.id)
        assert uow.polls.view(PollId(999_999)) is None
    assert view is not None
    assert view.poll == poll
    assert view.event == EventRef(cast.private.id, "Private dinner", cast.private.starts_at)
    assert view.creator == UserSummary.of(cast.owner)
    assert view.total_votes == 2
    assert [r.vote_count for r in view.tally.results] == [1, 0, 2]


def test_views_of_several_polls_come_by_id_skipping_missing_ones(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    first = add_poll(uow_factory, new_poll(cast.public, cast.owner, now))
    second = add_poll(uow_factory, new_poll(cast.public, cast.member, now, "Yes", "No"))
    add_ballot(uow_factory, second, cast.owner, now, 1)
    with uow_factory() as uow:
        views = uow.polls.views([second.id, PollId(999_999), first.id])
        assert list(uow.polls.views([])) == []
    assert [(v.poll, v.total_votes) for v in views] == [(first, 0), (second, 1)]
    assert [r.vote_count for r in views[1].tally.results] == [0, 1]


def _poll_ids(
    uow_factory: UowFactory, request: PageRequest | None = None, **where: Any
) -> tuple[list[PollId], int]:
    with uow_factory() as uow:
        page = uow.polls.page(PollFilter(**where), request or PageRequest())
    return [view.poll.id for view in page.items], page.total


def test_the_poll_list_filters_by_visibility_event_creator_and_status(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    ended = add_poll(uow_factory, new_poll(cast.public, cast.owner, now, ends_at=now)).id
    active = add_poll(uow_factory, new_poll(cast.public, cast.member, now)).id
    private = add_poll(uow_factory, new_poll(cast.private, cast.owner, now)).id

    assert _poll_ids(uow_factory) == ([ended, active], 2)
    assert _poll_ids(uow_factory, viewer_id=cast.outsider.id) == ([ended, active], 2)
    assert _poll_ids(uow_factory, viewer_id=cast.member.id) == ([ended, active, private], 3)
    assert _poll_ids(uow_factory, viewer_id=cast.owner.id, event_id=cast.private.id) == (
        [private],
        1,
    )
    assert _poll_ids(uow_factory, creator_id=cast.member.id) == ([active], 1)
    assert _poll_ids(uow_factory, status=PollStatus.ENDED, now=now) == ([ended], 1)
    assert _poll_ids(uow_factory, status=PollStatus.ACTIVE, now=now) == ([active], 1)
    assert _poll_ids(uow_factory, PageRequest(2, 1), viewer_id=cast.owner.id) == ([active], 3)


def test_headlines_list_an_events_polls_oldest_first(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    first = add_poll(uow_factory, new_poll(cast.public, cast.owner, now, title="First"))
    add_poll(uow_factory, new_poll(cast.private, cast.owner, now))
    second = add_poll(
        uow_factory, new_poll(cast.public, cast.owner, now, title="Second", ends_at=now)
    )
    with uow_factory() as uow:
        assert list(uow.polls.headlines(cast.public.id)) == [
            PollHeadline(first.id, "First", first.ends_at),
            PollHeadline(second.id, "Second", now),
        ]


def test_ended_polls_are_claimed_for_announcement_exactly_once(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    early = add_poll(uow_factory, new_poll(cast.public, cast.owner, now, ends_at=now))
    late = add_poll(
        uow_factory, new_poll(cast.public, cast.owner, now, ends_at=now + timedelta(hours=2))
    )
    also = add_poll(
        uow_factory, new_poll(cast.private, cast.owner, now, ends_at=now - timedelta(hours=1))
    )
    with uow_factory() as uow:
        assert list(uow.polls.ended_unannounced(now, 10)) == [early.id, also.id]
        assert list(uow.polls.ended_unannounced(now, 1)) == [early.id]
        assert uow.polls.mark_announced(early.id) is True
        assert uow.polls.mark_announced(early.id) is False
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.polls.ended_unannounced(now + timedelta(hours=3), 10)) == [late.id, also.id]
        assert uow.polls.mark_announced(early.id) is False
        got = uow.polls.get(early.id)
    assert got is not None
    assert got.ended_announced


def test_deleting_an_event_takes_its_tasks_polls_and_ballots_along(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    task = add_task(uow_factory, new_task(cast.public, cast.owner, now))
    poll = add_poll(uow_factory, new_poll(cast.public, cast.owner, now))
    add_ballot(uow_factory, poll, cast.member, now, 0)
    kept = add_poll(uow_factory, new_poll(cast.private, cast.owner, now))
    with uow_factory() as uow:
        uow.events.delete(cast.public.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.tasks.get(task.id) is None
        assert uow.polls.get(poll.id) is None
        assert uow.polls.ballot_of(poll.id, cast.member.id) is None
        assert uow.polls.get(kept.id) == kept


def test_nothing_is_kept_without_a_commit(
    uow_factory: UowFactory, cast: Cast, now: datetime
) -> None:
    with uow_factory() as uow:
        task = uow.tasks.add(new_task(cast.public, cast.owner, now))
        poll = uow.polls.add(new_poll(cast.public, cast.owner, now))
    with uow_factory() as uow:
        assert uow.tasks.get(task.id) is None
        assert uow.polls.get(poll.id) is None
