"""Polls on an event (GatherHub calls them "votes"), ballots, and the tally.

A poll offers at least two options and is open until `ends_at`. Each person
taking part in the event casts at most one ballot per poll: one option on a
single-choice poll, one or more distinct options on a multiple-choice poll.
A ballot is final; there is no changing or withdrawing it.

The tally counts, per option, the ballots that chose it. `total_votes` is the
number of ballots (people who voted), not of choices, and an option's
percentage is its share of those ballots; so on a multiple-choice poll the
percentages may add up to more than 100. The winner is the option with the
most votes; a tie for first place, or a poll without votes, has no winner.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from attrs import define, frozen

from eventcore.domain.errors import Conflict, Forbidden, Reason
from eventcore.domain.events import Event
from eventcore.domain.ids import BallotId, EventId, OptionId, PollId, UserId
from eventcore.domain.inputs import (
    FLAG,
    MOMENT,
    TEXT,
    items,
    optional,
    refuses_unknown_fields,
    required,
)
from eventcore.domain.validation import check_length, check_title, require

UNSAVED = PollId(0)
TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000
OPTION_TEXT_MAX_LENGTH = 200
MIN_OPTIONS = 2
MAX_OPTIONS = 20


class AlreadyVoted(Conflict):
    code = "already_voted"


class VotingEnded(Forbidden):
    code = "voting_ended"


class PollStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


def status_at(now: datetime, ends_at: datetime) -> PollStatus:
    """Active strictly before `ends_at`, ended from that moment on."""
    return PollStatus.ACTIVE if now < ends_at else PollStatus.ENDED


@frozen(kw_only=True)
class PollOption:
    id: OptionId = OptionId(0)
    text: str
    # The option's place in the poll, from 0: results list options in this order.
    position: int


@define(kw_only=True)
class Poll:
    id: PollId = UNSAVED
    event_id: EventId
    creator_id: UserId
    title: str
    options: tuple[PollOption, ...]
    ends_at: datetime
    created_at: datetime
    description: str = ""
    multiple_choice: bool = False
    # Whether the end of voting has been announced to real-time subscribers.
    ended_announced: bool = False

    def status(self, now: datetime) -> PollStatus:
        return status_at(now, self.ends_at)

    def is_open(self, now: datetime) -> bool:
        return self.status(now) is PollStatus.ACTIVE


@define(kw_only=True)
class Ballot:
    """One person's vote on one poll: the options they chose, in the poll's order."""

    id: BallotId = BallotId(0)
    poll_id: PollId
    user_id: UserId
    option_ids: tuple[OptionId, ...]
    cast_at: datetime


@frozen(kw_only=True)
class PollFilter:
    """Which polls a list shows; every condition is optional and they combine with AND.

    `viewer_id` limits the list to polls of events that user may see in lists,
    as TaskFilter does; `now` anchors the `status` condition.
    """

    viewer_id: UserId | None = None
    event_id: EventId | None = None
    creator_id: UserId | None = None
    status: PollStatus | None = None
    now: datetime | None = None

    def __attrs_post_init__(self) -> None:
        if self.status is not None and self.now is None:
            raise ValueError("A status condition needs `now` to compare against.")


@refuses_unknown_fields
@frozen(kw_only=True)
class PollDraft:
    """A new poll on an event: its question, the texts of its options, when it closes."""

    title: str = required(TEXT)
    options: tuple[str, ...] = required(items(TEXT))
    ends_at: datetime = required(MOMENT)
    description: str = optional(TEXT, "")
    multiple_choice: bool = optional(FLAG, False)


def new_poll(
    event: Event,
    creator_id: UserId,
    draft: PollDraft,
    *,
    now: datetime,
    creator_takes_part: bool,
) -> Poll:
    """A validated, unsaved poll on `event`.

    Raises Forbidden when the creator does not take part in the event, and
    InvalidValue for a bad title, description, options (fewer than two, blank
    or repeated) or an `ends_at` that is not in the future.
    """
    if not creator_takes_part:
        raise Forbidden("Only people taking part in the event can start a vote on it.")
    check_title(draft.title, maximum=TITLE_MAX_LENGTH)
    check_length(draft.description, "description", maximum=DESCRIPTION_MAX_LENGTH)
    options = _options(draft.options)
    require(draft.ends_at.utcoffset() is not None, "ends_at", Reason.NO_TIME_ZONE)
    require(draft.ends_at > now, "ends_at", Reason.NOT_IN_FUTURE)
    return Poll(
        event_id=event.id,
        creator_id=creator_id,
        title=draft.title,
        description=draft.description,
        options=options,
        ends_at=draft.ends_at,
        created_at=now,
        multiple_choice=draft.multiple_choice,
    )


def _options(texts: Sequence[str]) -> tuple[PollOption, ...]:
    require(
        MIN_OPTIONS <= len(texts) <= MAX_OPTIONS,
        "options",
        Reason.OPTION_COUNT,
        minimum=MIN_OPTIONS,
        maximum=MAX_OPTIONS,
    )
    seen: set[str] = set()
    options = []
    for position, raw in enumerate(texts):
        text = raw.strip()
        check_length(text, "options", minimum=1, maximum=OPTION_TEXT_MAX_LENGTH)
        key = text.casefold()
        require(key not in seen, "options", Reason.DUPLICATE_OPTION, text=text)
        seen.add(key)
        options.append(PollOption(text=text, position=position))
    return tuple(options)


def cast(
    poll: Poll,
    user_id: UserId,
    option_ids: Sequence[int],
    now: datetime,
    *,
    takes_part: bool,
    already_voted: bool,
) -> Ballot:
    """The ballot of `user_id` choosing `option_ids` on `poll`.

    Raises Forbidden when the user does not take part in the event, VotingEnded
    (a Forbidden) once the poll has ended, AlreadyVoted (a Conflict) for a
    second ballot, and InvalidValue for no option, an option of another poll,
    an option chosen twice, or several options on a single-choice poll.
    """
    if not takes_part:
        raise Forbidden("Only people taking part in the event can vote.")
    if not poll.is_open(now):
        raise VotingEnded("Voting has ended.")
    if already_voted:
        raise AlreadyVoted("You have already voted.", field="option_ids")
    require(len(option_ids) > 0, "option_ids", Reason.NO_OPTION_CHOSEN)
    require(
        len(set(option_ids)) == len(option_ids),
        "option_ids",
        Reason.OPTION_CHOSEN_TWICE,
    )
    require(
        poll.multiple_choice or len(option_ids) == 1,
        "option_ids",
        Reason.ONE_OPTION_ONLY,
    )
    positions = {option.id: option.position for option in poll.options}
    unknown = next((option_id for option_id in option_ids if option_id not in positions), None)
    require(unknown is None, "option_ids", Reason.UNKNOWN_OPTION, option=unknown)
    chosen = sorted((OptionId(option_id) for option_id in option_ids), key=positions.__getitem__)
    return Ballot(poll_id=poll.id, user_id=user_id, option_ids=tuple(chosen), cast_at=now)


@frozen(kw_only=True)
class OptionResult:
    option: PollOption
    vote_count: int
    percentage: float


@frozen(kw_only=True)
class Tally:
    results: tuple[OptionResult, ...]
    total_votes: int
    winner: PollOption | None


def percentage(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`, to one decimal rounded half up; 0.0 of nothing."""
    if whole <= 0:
        return 0.0
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(share)


def tally(poll: Poll, counts: Mapping[OptionId, int], ballots: int) -> Tally:
    """The results of `poll` given the ballots per option and the number of ballots."""
    results = tuple(
        OptionResult(
            option=option,
            vote_count=counts.get(option.id, 0),
            percentage=percentage(counts.get(option.id, 0), ballots),
        )
        for option in sorted(poll.options, key=lambda option: option.position)
    )
    return Tally(results=results, total_votes=ballots, winner=_winner(results))


def _winner(results: Sequence[OptionResult]) -> PollOption | None:
    """The single option with the most votes; None without votes or on a tie."""
    most = max((result.vote_count for result in results), default=0)
    leaders = [result.option for result in results if result.vote_count == most]
    return leaders[0] if most > 0 and len(leaders) == 1 else None
