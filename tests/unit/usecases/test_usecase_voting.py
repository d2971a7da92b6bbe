"""Polls on the memory core: who votes, how, what the tally says, notices, announcements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.errors import Conflict, Forbidden, InvalidValue, NotFound
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.ids import EventId, OptionId, PollId, UserId
from eventcore.domain.paging import PageRequest
from eventcore.domain.planning_views import PollDetails, PollView
from eventcore.domain.users import User
from eventcore.domain.views import EventView, UserSummary
from eventcore.domain.voting import AlreadyVoted, PollDraft, PollFilter, PollStatus, VotingEnded
from eventcore.usecases import attendance, events, voting
from strategies import T0, CastAttempt, PollShape, cast_attempts, poll_shapes
from support.notices import Notice

Tables = dict[str, dict[Any, Any]]
MakeEvent = Callable[..., EventView]
Snapshot = Callable[[], Tables]
ENDS = T0 + timedelta(days=1)


def join(core: Core, user: User, event: EventView) -> None:
    attendance.join_event(core.uow(), core.clock, core.notifier, user.id, event.event.id)


def register(core: Core, event_id: EventId, user_id: UserId) -> None:
    """Make a participant directly, as a private event's invitation would."""
    with core.uow() as uow:
        uow.attendances.add(
            Attendance(
                event_id=event_id,
                user_id=user_id,
                status=AttendanceStatus.REGISTERED,
                created_at=T0,
                updated_at=T0,
            )
        )
        uow.commit()


def start(
    core: Core,
    actor: User,
    event: EventView,
    *,
    options: Sequence[str] = ("Pizza", "Sushi", "Tacos"),
    **fields: Any,
) -> PollView:
    fields.setdefault("title", "Lunch")
    fields.setdefault("ends_at", ENDS)
    return voting.create_poll(
        core.uow(),
        core.clock,
        core.notifier,
        actor.id,
        event.event.id,
        PollDraft(options=options, **fields),
    )


def vote(core: Core, voter: User, poll: PollView, *positions: int) -> PollDetails:
    chosen = [poll.poll.options[position].id for position in positions]
    return voting.cast_ballot(core.uow(), core.clock, core.notifier, voter.id, poll.poll.id, chosen)


def counts(view: PollView) -> list[int]:
    return [result.vote_count for result in view.tally.results]


def results(core: Core, viewer: User, poll: PollView) -> PollView:
    return voting.poll_results(core.uow(), viewer.id, poll.poll.id)


def kinds(notifier: InProcessNotifier) -> list[str]:
    return [notice.type for notice in notifier.published if notice.type.startswith("vote")]


@pytest.fixture
def dave(make_user: Callable[..., User]) -> User:
    """Takes part in nothing."""
    return make_user("dave")


@pytest.fixture
def picnic(core: Core, ada: User, bob: User, carol: User, make_event: MakeEvent) -> EventView:
    """Ada's public picnic, joined by Bob and Carol."""
    event = make_event(ada, title="Picnic")
    join(core, bob, event)
    join(core, carol, event)
    return event


# --- create ------------------------------------------------------------------------


def test_a_participant_starts_a_poll_with_no_votes(
    core: Core, bob: User, picnic: EventView, notifier: InProcessNotifier
) -> None:
    view = start(core, bob, picnic, description="Where to?", multiple_choice=True)
    assert (view.poll.id, view.poll.title, view.poll.description) == (
        PollId(1),
        "Lunch",
        "Where to?",
    )
    assert [option.text for option in view.poll.options] == ["Pizza", "Sushi", "Tacos"]
    assert (view.creator, view.event.id, view.total_votes) == (
        UserSummary.of(bob),
        picnic.event.id,
        0,
    )
    assert view.tally.winner is None
    assert notifier.published[-1] == voting_created_notice(view)


def voting_created_notice(view: PollView) -> Notice:
    poll = view.poll
    return Notice(
        "vote_created",
        {
            "id": poll.id,
            "title": poll.title,
            "event": poll.event_id,
            "creator": poll.creator_id,
            "multiple_choice": poll.multiple_choice,
            "ends_at": poll.ends_at,
            "options": [{"id": option.id, "text": option.text} for option in poll.options],
        },
        None,
    )


def test_someone_not_taking_part_may_not_start_a_poll(
    core: Core, dave: User, picnic: EventView, snapshot: Snapshot
) -> None:
    before = snapshot()
    with pytest.raises(Forbidden):
        start(core, dave, picnic)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"options": ["Only"]}, "options"), ({"ends_at": T0}, "ends_at"), ({"title": ""}, "title")],
)
def test_a_bad_poll_is_refused_naming_the_field(
    core: Core,
    ada: User,
    picnic: EventView,
    snapshot: Snapshot,
    fields: dict[str, Any],
    field: str,
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        start(core, ada, picnic, **fields)
    assert caught.value.field == field
    assert snapshot() == before


def test_a_poll_on_a_missing_or_hidden_event_names_the_event_field(
    core: Core, ada: User, dave: User, make_event: MakeEvent
) -> None:
    secret = make_event(ada, is_private=True)
    for event_id in (EventId(404), secret.event.id):
        with pytest.raises(InvalidValue) as caught:
            voting.create_poll(
                core.uow(),
                core.clock,
                core.notifier,
                dave.id,
                event_id,
                PollDraft(title="Q", options=["A", "B"], ends_at=ENDS),
            )
        assert caught.value.field == "event_id"


# --- cast --------------------------------------------------------------------------


def test_a_vote_counts_and_is_announced_with_the_new_results(
    core: Core, bob: User, picnic: EventView, ada: User, notifier: InProcessNotifier
) -> None:
    poll = start(core, ada, picnic)
    cast = vote(core, bob, poll, 1)
    assert cast.ballot is not None
    assert (cast.ballot.user_id, cast.ballot.option_ids, cast.ballot.cast_at) == (
        bob.id,
        (poll.poll.options[1].id,),
        T0,
    )
    assert (counts(cast.view), cast.view.total_votes) == ([0, 1, 0], 1)
    assert kinds(notifier) == ["vote_created", "vote_cast", "vote_results"]
    cast_notice, results_notice = list(notifier.published)[-2:]
    assert cast_notice.data == {
        "id": poll.poll.id,
        "title": "Lunch",
        "event": picnic.event.id,
        "user_id": bob.id,
        "total_votes": 1,
    }
    sushi = poll.poll.options[1]
    assert results_notice.data == {
        "id": poll.poll.id,
        "title": "Lunch",
        "event": picnic.event.id,
        "status": "active",
        "total_votes": 1,
        "results": [
            {
                "option_id": option.id,
                "text": option.text,
                "vote_count": int(option == sushi),
                "percentage": 100.0 if option == sushi else 0.0,
            }
            for option in poll.poll.options
        ],
        "winner": {"option_id": sushi.id, "text": "Sushi"},
    }
    assert cast_notice.audience is None


def test_the_poll_detail_carries_the_viewers_own_ballot_only(
    core: Core, ada: User, bob: User, carol: User, picnic: EventView
) -> None:
    poll = start(core, ada, picnic)
    cast = vote(core, bob, poll, 0)
    assert voting.get_poll(core.uow(), bob.id, poll.poll.id).ballot == cast.ballot
    carols = voting.get_poll(core.uow(), carol.id, poll.poll.id)
    assert carols.ballot is None
    assert counts(carols.view) == [1, 0, 0]


def test_a_second_vote_by_the_same_person_is_refused_and_changes_nothing(
    core: Core,
    ada: User,
    bob: User,
    picnic: EventView,
    snapshot: Snapshot,
    notifier: InProcessNotifier,
) -> None:
    poll = start(core, ada, picnic)
    vote(core, bob, poll, 0)
    before, published = snapshot(), len(notifier.published)
    with pytest.raises(AlreadyVoted):
        vote(core, bob, poll, 1)
    assert snapshot() == before
    assert len(notifier.published) == published


def test_voting_after_the_end_is_forbidden(
    core: Core, clock: FixedClock, ada: User, bob: User, picnic: EventView
) -> None:
    poll = start(core, ada, picnic)
    clock.advance(timedelta(days=1))
    with pytest.raises(VotingEnded):
        vote(core, bob, poll, 0)
    assert results(core, ada, poll).poll.status(clock.now()) is PollStatus.ENDED


def test_someone_not_taking_part_may_not_vote(
    core: Core, ada: User, dave: User, picnic: EventView
) -> None:
    poll = start(core, ada, picnic)
    with pytest.raises(Forbidden):
        vote(core, dave, poll, 0)


def test_a_hidden_poll_is_not_found_for_outsiders(
    core: Core, ada: User, dave: User, make_event: MakeEvent
) -> None:
    poll = start(core, ada, make_event(ada, is_private=True))
    for attempt in (
        lambda: voting.get_poll(core.uow(), dave.id, poll.poll.id),
        lambda: voting.poll_results(core.uow(), dave.id, poll.poll.id),
        lambda: vote(core, dave, poll, 0),
        lambda: voting.get_poll(core.uow(), dave.id, PollId(404)),
    ):
        with pytest.raises(NotFound):
            attempt()


@pytest.mark.parametrize(
    ("multiple_choice", "choices"),
    [(False, []), (False, [0, 1]), (True, [0, 0]), (True, [0, 99])],
)
def test_bad_choices_are_invalid(
    core: Core,
    ada: User,
    bob: User,
    picnic: EventView,
    multiple_choice: bool,
    choices: list[int],
) -> None:
    poll = start(core, ada, picnic, multiple_choice=multiple_choice)
    option_ids = [poll.poll.options[c].id if c < 3 else c for c in choices]
    with pytest.raises(InvalidValue) as caught:
        voting.cast_ballot(core.uow(), core.clock, core.notifier, bob.id, poll.poll.id, option_ids)
    assert caught.value.field == "option_ids"


def test_a_multiple_choice_poll_counts_each_option_once_per_voter(
    core: Core, ada: User, bob: User, carol: User, picnic: EventView
) -> None:
    poll = start(core, ada, picnic, multiple_choice=True)
    vote(core, bob, poll, 0, 2)
    vote(core, carol, poll, 2)
    view = results(core, ada, poll)
    assert (counts(view), view.total_votes) == ([1, 0, 2], 2)
    assert [r.percentage for r in view.tally.results] == [50.0, 0.0, 100.0]
    assert view.tally.winner == poll.poll.options[2]


def test_a_tie_has_no_winner(core: Core, ada: User, bob: User, picnic: EventView) -> None:
    poll = start(core, ada, picnic)
    vote(core, ada, poll, 0)
    vote(core, bob, poll, 1)
    assert results(core, ada, poll).tally.winner is None


def test_a_private_events_vote_notices_are_heard_by_its_people_only(
    core: Core, ada: User, bob: User, make_event: MakeEvent, notifier: InProcessNotifier
) -> None:
    secret = make_event(ada, is_private=True)
    register(core, secret.event.id, bob.id)
    poll = start(core, ada, secret)
    vote(core, bob, poll, 0)
    assert {n.audience for n in notifier.published if n.type.startswith("vote")} == {
        frozenset({ada.id, bob.id})
    }


# --- list --------------------------------------------------------------------------


def listed(core: Core, **where: Any) -> list[PollId]:
    page = voting.list_polls(core.uow(), PollFilter(**where), PageRequest())
    return [view.poll.id for view in page.items]


def test_the_list_filters_by_event_creator_and_status(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    dave: User,
    picnic: EventView,
    make_event: MakeEvent,
) -> None:
    secret = make_event(ada, is_private=True)
    soon = start(core, ada, picnic, ends_at=T0 + timedelta(hours=1)).poll.id
    later = start(core, bob, picnic, ends_at=T0 + timedelta(days=2)).poll.id
    hidden = start(core, ada, secret).poll.id
    clock.advance(timedelta(hours=1))
    now = clock.now()

    assert listed(core, viewer_id=ada.id) == [soon, later, hidden]
    assert listed(core, viewer_id=dave.id) == [soon, later]
    assert listed(core, event_id=secret.event.id) == []
    assert listed(core, viewer_id=ada.id, creator_id=bob.id) == [later]
    assert listed(core, viewer_id=ada.id, status=PollStatus.ENDED, now=now) == [soon]
    assert listed(core, viewer_id=ada.id, status=PollStatus.ACTIVE, now=now) == [later, hidden]


# --- announcing ended polls ---------------------------------------------------------


def test_each_ended_poll_is_announced_once_with_its_final_results(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    picnic: EventView,
    notifier: InProcessNotifier,
) -> None:
    first = start(core, ada, picnic, ends_at=T0 + timedelta(hours=1))
    second = start(core, ada, picnic, ends_at=T0 + timedelta(hours=2))
    vote(core, bob, first, 2)
    assert voting.announce_ended_polls(core.uow(), core.clock, core.notifier) == 0

    clock.advance(timedelta(hours=1))
    assert voting.announce_ended_polls(core.uow(), core.clock, core.notifier) == 1
    assert voting.announce_ended_polls(core.uow(), core.clock, core.notifier) == 0
    clock.advance(timedelta(hours=5))
    assert voting.announce_ended_polls(core.uow(), core.clock, core.notifier) == 1

    ended = [n for n in notifier.published if n.type == "vote_ended"]
    assert [n.data["id"] for n in ended] == [first.poll.id, second.poll.id]
    assert ended[0].data["status"] == "ended"
    assert ended[0].data["winner"] == {"option_id": first.poll.options[2].id, "text": "Tacos"}
    assert ended[0].audience is None


def test_announcing_works_through_a_backlog_larger_than_one_batch(
    core: Core,
    clock: FixedClock,
    ada: User,
    picnic: EventView,
    notifier: InProcessNotifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(voting, "ANNOUNCE_BATCH", 2)
    made = [start(core, ada, picnic, title=f"Q{n}").poll.id for n in range(5)]
    clock.advance(timedelta(days=1))
    assert voting.announce_ended_polls(core.uow(), core.clock, core.notifier) == 5
    assert [n.data["id"] for n in notifier.published if n.type == "vote_ended"] == made


def test_a_private_polls_end_is_heard_by_the_events_people_only(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    make_event: MakeEvent,
    notifier: InProcessNotifier,
) -> None:
    secret = make_event(ada, is_private=True)
    register(core, secret.event.id, bob.id)
    start(core, ada, secret)
    clock.advance(timedelta(days=1))
    voting.announce_ended_polls(core.uow(), core.clock, core.notifier)
    assert notifier.published[-1].audience == frozenset({ada.id, bob.id})


def test_a_deleted_events_polls_are_gone(
    core: Core, ada: User, bob: User, picnic: EventView
) -> None:
    poll = start(core, ada, picnic)
    events.delete_event(core.uow(), ada.id, picnic.event.id)
    with pytest.raises(NotFound):
        voting.get_poll(core.uow(), bob.id, poll.poll.id)


# --- the property ------------------------------------------------------------------

VOTERS = 4  # people 0..2 take part in the event; person 3 does not


def _poll_for(shape: PollShape) -> tuple[Core, list[UserId], PollView]:
    core = memory_core(clock=FixedClock(T0))
    with core.uow() as uow:
        people = [
            uow.users.add(
                User(username=f"p{n}", email=f"p{n}@example.org", created_at=T0, updated_at=T0)
            ).id
            for n in range(VOTERS)
        ]
        uow.commit()
    view = events.create_event(
        core.uow(),
        core.clock,
        core.notifier,
        people[0],
        EventDraft(title="Vote night", starts_at=T0 + timedelta(days=2)),
    )
    for person in people[1:3]:
        attendance.join_event(core.uow(), core.clock, core.notifier, person, view.event.id)
    poll = voting.create_poll(
        core.uow(),
        core.clock,
        core.notifier,
        people[0],
        view.event.id,
        PollDraft(
            title="Pick",
            options=[f"Option {n}" for n in range(shape.option_count)],
            ends_at=ENDS,
            multiple_choice=shape.multiple_choice,
        ),
    )
    return core, people, poll


def _should_accept(attempt: CastAttempt, shape: PollShape, voted: set[int]) -> bool:
    choices = attempt.choices
    return (
        attempt.voter < 3
        and attempt.voter not in voted
        and len(choices) > 0
        and len(set(choices)) == len(choices)
        and all(0 <= choice < shape.option_count for choice in choices)
        and (shape.multiple_choice or len(choices) == 1)
    )


@settings(deadline=None)
@given(shape=poll_shapes(), data=st.data())
def test_counts_always_equal_the_accepted_ballots_and_nobody_votes_twice(
    shape: PollShape, data: st.DataObject
) -> None:
    core, people, poll = _poll_for(shape)
    options = [option.id for option in poll.poll.options]
    attempts = data.draw(cast_attempts(VOTERS, shape.option_count))
    accepted: dict[int, tuple[OptionId, ...]] = {}

    for attempt in attempts:
        chosen = [options[c] if 0 <= c < len(options) else 10_000 + c for c in attempt.choices]
        expected = _should_accept(attempt, shape, set(accepted))
        try:
            cast = voting.cast_ballot(
                core.uow(), core.clock, core.notifier, people[attempt.voter], poll.poll.id, chosen
            )
        except (InvalidValue, Conflict, Forbidden):
            assert not expected, attempt
            continue
        assert expected, attempt
        assert cast.ballot is not None
        accepted[attempt.voter] = cast.ballot.option_ids

    final = voting.poll_results(core.uow(), people[0], poll.poll.id)
    tallied = Counter(option for choices in accepted.values() for option in choices)
    assert {r.option.id: r.vote_count for r in final.tally.results} == {
        option: tallied.get(option, 0) for option in options
    }
    assert final.total_votes == len(accepted)
    with core.uow() as uow:
        ballots = [uow.polls.ballot_of(poll.poll.id, person) for person in people]
    assert sum(ballot is not None for ballot in ballots) == len(accepted)
