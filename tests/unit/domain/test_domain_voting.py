"""Poll rules: creation, who may vote and how, and the tally with its tie rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain import voting
from eventcore.domain.errors import Conflict, Forbidden, InvalidValue
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, OptionId, PollId, UserId
from eventcore.domain.voting import AlreadyVoted, Poll, PollOption, PollStatus, VotingEnded
from strategies import T0, vote_counts


def new_poll(
    event: Event,
    creator_id: UserId,
    *,
    title: str,
    option_texts: Sequence[str],
    ends_at: datetime,
    now: datetime,
    creator_takes_part: bool,
    description: str = "",
    multiple_choice: bool = False,
) -> Poll:
    draft = voting.PollDraft(
        title=title,
        options=list(option_texts),
        ends_at=ends_at,
        description=description,
        multiple_choice=multiple_choice,
    )
    return voting.new_poll(event, creator_id, draft, now=now, creator_takes_part=creator_takes_part)


ORGANIZER, VOTER = UserId(1), UserId(2)
ENDS = T0 + timedelta(days=1)


@pytest.fixture
def event() -> Event:
    return Event(
        id=EventId(3),
        title="Offsite",
        creator_id=ORGANIZER,
        starts_at=T0 + timedelta(days=3),
        created_at=T0,
        updated_at=T0,
    )


def make_poll(
    event: Event,
    texts: Sequence[str] = ("Pizza", "Sushi", "Tacos"),
    *,
    multiple_choice: bool = False,
) -> Poll:
    poll = new_poll(
        event,
        ORGANIZER,
        title="Lunch",
        option_texts=texts,
        ends_at=ENDS,
        now=T0,
        creator_takes_part=True,
        multiple_choice=multiple_choice,
    )
    options = tuple(
        attrs.evolve(option, id=OptionId(10 + option.position)) for option in poll.options
    )
    return attrs.evolve(poll, id=PollId(1), options=options)


def cast(
    poll: Poll,
    choices: Sequence[int],
    *,
    now: datetime = T0,
    takes_part: bool = True,
    already_voted: bool = False,
) -> voting.Ballot:
    return voting.cast(
        poll, VOTER, choices, now, takes_part=takes_part, already_voted=already_voted
    )


# --- creation ----------------------------------------------------------------------


def test_a_new_poll_keeps_its_options_in_order_and_is_active(event: Event) -> None:
    poll = make_poll(event, ["  Pizza ", "Sushi"])
    assert [(o.text, o.position) for o in poll.options] == [("Pizza", 0), ("Sushi", 1)]
    assert (poll.event_id, poll.creator_id, poll.created_at) == (event.id, ORGANIZER, T0)
    assert poll.status(T0) is PollStatus.ACTIVE
    assert not poll.ended_announced


def test_a_poll_is_active_until_its_end_and_ended_from_that_moment(event: Event) -> None:
    poll = make_poll(event)
    assert poll.status(ENDS - timedelta(microseconds=1)) is PollStatus.ACTIVE
    assert poll.status(ENDS) is PollStatus.ENDED
    assert poll.status(ENDS + timedelta(days=9)) is PollStatus.ENDED


def test_someone_not_taking_part_may_not_start_a_poll(event: Event) -> None:
    with pytest.raises(Forbidden):
        new_poll(
            event,
            VOTER,
            title="Lunch",
            option_texts=["A", "B"],
            ends_at=ENDS,
            now=T0,
            creator_takes_part=False,
        )


@pytest.mark.parametrize(
    ("texts", "ends_at", "title", "field"),
    [
        (["Only one"], ENDS, "Lunch", "options"),
        ([], ENDS, "Lunch", "options"),
        ([str(n) for n in range(21)], ENDS, "Lunch", "options"),
        (["Pizza", " pizza "], ENDS, "Lunch", "options"),
        (["Pizza", "   "], ENDS, "Lunch", "options"),
        (["Pizza", "x" * 201], ENDS, "Lunch", "options"),
        (["A", "B"], T0, "Lunch", "ends_at"),
        (["A", "B"], T0 - timedelta(days=1), "Lunch", "ends_at"),
        (["A", "B"], datetime(2030, 1, 1), "Lunch", "ends_at"),
        (["A", "B"], ENDS, "  ", "title"),
    ],
)
def test_a_bad_poll_is_refused_naming_the_field(
    event: Event, texts: list[str], ends_at: datetime, title: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_poll(
            event,
            ORGANIZER,
            title=title,
            option_texts=texts,
            ends_at=ends_at,
            now=T0,
            creator_takes_part=True,
        )
    assert caught.value.field == field


# --- casting -----------------------------------------------------------------------


def test_a_ballot_holds_the_chosen_option(event: Event) -> None:
    ballot = cast(make_poll(event), [11])
    assert (ballot.poll_id, ballot.user_id, ballot.option_ids, ballot.cast_at) == (
        PollId(1),
        VOTER,
        (OptionId(11),),
        T0,
    )


def test_a_multiple_choice_ballot_lists_its_options_in_the_polls_order(event: Event) -> None:
    ballot = cast(make_poll(event, multiple_choice=True), [12, 10])
    assert ballot.option_ids == (OptionId(10), OptionId(12))


def test_voting_after_the_end_is_forbidden(event: Event) -> None:
    with pytest.raises(VotingEnded) as caught:
        cast(make_poll(event), [10], now=ENDS)
    assert isinstance(caught.value, Forbidden)


def test_someone_not_taking_part_may_not_vote(event: Event) -> None:
    with pytest.raises(Forbidden):
        cast(make_poll(event), [10], takes_part=False)


def test_a_second_ballot_is_a_conflict(event: Event) -> None:
    with pytest.raises(AlreadyVoted) as caught:
        cast(make_poll(event), [10], already_voted=True)
    assert isinstance(caught.value, Conflict)


@pytest.mark.parametrize(
    ("multiple_choice", "choices"),
    [
        (False, []),
        (True, []),
        (False, [10, 11]),
        (False, [99]),
        (True, [10, 99]),
        (True, [10, 10]),
    ],
    ids=["empty", "empty-multiple", "several-on-single", "unknown", "unknown-among-known", "twice"],
)
def test_a_bad_choice_is_invalid_naming_the_options(
    event: Event, multiple_choice: bool, choices: list[int]
) -> None:
    with pytest.raises(InvalidValue) as caught:
        cast(make_poll(event, multiple_choice=multiple_choice), choices)
    assert caught.value.field == "option_ids"


# --- tally -------------------------------------------------------------------------


def poll_with(count: int) -> Poll:
    options = tuple(
        PollOption(id=OptionId(n + 1), text=f"Option {n + 1}", position=n) for n in range(count)
    )
    return Poll(
        id=PollId(1),
        event_id=EventId(1),
        creator_id=ORGANIZER,
        title="Q",
        options=options,
        ends_at=ENDS,
        created_at=T0,
    )


def counts_of(votes: Sequence[int]) -> dict[OptionId, int]:
    return {OptionId(n + 1): count for n, count in enumerate(votes) if count}


def test_the_seeds_example_tallies_to_53_3_and_46_7_with_option_1_winning() -> None:
    tally = voting.tally(poll_with(2), counts_of([8, 7]), 15)
    assert [(r.option.id, r.vote_count, r.percentage) for r in tally.results] == [
        (1, 8, 53.3),
        (2, 7, 46.7),
    ]
    assert tally.total_votes == 15
    assert tally.winner == poll_with(2).options[0]


def test_no_votes_means_zero_percent_and_no_winner() -> None:
    tally = voting.tally(poll_with(3), {}, 0)
    assert [(r.vote_count, r.percentage) for r in tally.results] == [(0, 0.0)] * 3
    assert (tally.total_votes, tally.winner) == (0, None)


def test_a_tie_for_first_place_has_no_winner() -> None:
    assert voting.tally(poll_with(3), counts_of([4, 4, 1]), 9).winner is None


def test_a_tie_below_first_place_does_not_matter() -> None:
    assert voting.tally(poll_with(3), counts_of([5, 2, 2]), 9).winner == poll_with(3).options[0]


def test_multiple_choice_percentages_are_shares_of_the_voters() -> None:
    # 4 people voted; 3 of them chose option 1 and all 4 chose option 2.
    tally = voting.tally(poll_with(2), counts_of([3, 4]), 4)
    assert [r.percentage for r in tally.results] == [75.0, 100.0]


def test_percentages_round_half_up_to_one_decimal() -> None:
    # 1/16 = 6.25 %, 1/8 = 12.5 %, 2/3 = 66.666... %
    assert voting.percentage(1, 16) == 6.3
    assert voting.percentage(1, 8) == 12.5
    assert voting.percentage(2, 3) == 66.7
    assert voting.percentage(0, 0) == 0.0


@given(st.integers(2, 5).flatmap(vote_counts))
def test_single_choice_percentages_add_up_to_about_100(votes: list[int]) -> None:
    total = sum(votes)
    tally = voting.tally(poll_with(len(votes)), counts_of(votes), total)
    shares = [result.percentage for result in tally.results]
    if total == 0:
        assert shares == [0.0] * len(votes)
    else:
        assert abs(sum(shares) - 100) <= 0.05 * len(votes) + 1e-9


@given(st.integers(2, 5).flatmap(vote_counts), st.integers(0, 5))
def test_the_winner_is_the_one_option_with_the_most_votes(
    votes: list[int], abstainers: int
) -> None:
    tally = voting.tally(poll_with(len(votes)), counts_of(votes), sum(votes) + abstainers)
    most = max(votes)
    leaders = [n + 1 for n, count in enumerate(votes) if count == most]
    expected = leaders[0] if most > 0 and len(leaders) == 1 else None
    assert (tally.winner.id if tally.winner else None) == expected
    assert [r.vote_count for r in tally.results] == votes
