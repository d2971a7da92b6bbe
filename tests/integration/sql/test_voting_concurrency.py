"""One ballot per person and one announcement per ended poll, under parallel requests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

from sqlalchemy import Engine

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.ids import PollId, UserId
from eventcore.domain.users import User
from eventcore.domain.voting import AlreadyVoted, Poll, PollDraft, PollOption
from eventcore.usecases import events, voting
from support.notices import GatherHubEar

CASTS = 20
ANNOUNCERS = 8
ENDED_POLLS = 30


def _voter_and_poll(engine: Engine) -> tuple[UserId, PollId]:
    clock = SystemClock()
    now = clock.now()
    with SqlUnitOfWork(engine) as uow:
        organizer = uow.users.add(
            User(username="ada", email="ada@example.org", created_at=now, updated_at=now)
        ).id
        uow.commit()
    view = events.create_event(
        SqlUnitOfWork(engine),
        clock,
        InProcessNotifier(),
        organizer,
        EventDraft(title="Vote night", starts_at=now + timedelta(days=1)),
    )
    poll = voting.create_poll(
        SqlUnitOfWork(engine),
        clock,
        InProcessNotifier(),
        organizer,
        view.event.id,
        PollDraft(title="Pick one", options=["A", "B", "C"], ends_at=now + timedelta(hours=1)),
    )
    return organizer, poll.poll.id


def test_parallel_casts_by_one_person_leave_exactly_one_ballot(sql_engine: Engine) -> None:
    """PostgreSQL: UNIQUE(poll_id, user_id) refuses the racers. SQLite: BEGIN IMMEDIATE."""
    voter, poll_id = _voter_and_poll(sql_engine)
    with SqlUnitOfWork(sql_engine) as uow:
        poll = uow.polls.get(poll_id)
    assert poll is not None
    clock, notifier = SystemClock(), InProcessNotifier()
    start = Barrier(CASTS)

    def cast(attempt: int) -> str:
        option = poll.options[attempt % len(poll.options)].id
        start.wait()
        try:
            voting.cast_ballot(SqlUnitOfWork(sql_engine), clock, notifier, voter, poll_id, [option])
        except AlreadyVoted:
            return "already voted"
        return "voted"

    with ThreadPoolExecutor(max_workers=CASTS) as pool:
        outcomes = list(pool.map(cast, range(CASTS)))

    assert outcomes.count("voted") == 1
    assert outcomes.count("already voted") == CASTS - 1
    results = voting.poll_results(SqlUnitOfWork(sql_engine), voter, poll_id)
    assert results.total_votes == 1
    assert sum(result.vote_count for result in results.tally.results) == 1
    assert [notice.type for notice in GatherHubEar(notifier).published] == [
        "vote_cast",
        "vote_results",
    ]


def test_parallel_announcers_announce_each_ended_poll_once(sql_engine: Engine) -> None:
    organizer, first = _voter_and_poll(sql_engine)
    clock = SystemClock()
    now = clock.now()
    with SqlUnitOfWork(sql_engine) as uow:
        template = uow.polls.get(first)
        assert template is not None
        ended = [
            uow.polls.add(
                Poll(
                    event_id=template.event_id,
                    creator_id=organizer,
                    title=f"Old {n}",
                    created_at=now - timedelta(days=1),
                    ends_at=now - timedelta(minutes=n),
                    options=(PollOption(text="Yes", position=0), PollOption(text="No", position=1)),
                )
            ).id
            for n in range(ENDED_POLLS)
        ]
        uow.commit()
    notifier = InProcessNotifier()
    start = Barrier(ANNOUNCERS)

    def announce(_: int) -> int:
        start.wait()
        return voting.announce_ended_polls(SqlUnitOfWork(sql_engine), clock, notifier)

    with ThreadPoolExecutor(max_workers=ANNOUNCERS) as pool:
        counts = list(pool.map(announce, range(ANNOUNCERS)))

    assert sum(counts) == ENDED_POLLS
    announced = [
        notice.data["id"]
        for notice in GatherHubEar(notifier).published
        if notice.type == "vote_ended"
    ]
    assert sorted(announced) == sorted(ended)
    assert voting.announce_ended_polls(SqlUnitOfWork(sql_engine), clock, notifier) == 0
