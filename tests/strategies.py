"""Hypothesis strategies shared by the unit tests: times, schedules, events, filters.

Every generated moment is timezone-aware and lies near `T0`, the instant the
tests' FixedClock starts at, so that upcoming, ongoing and completed events
all turn up in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from attrs import frozen
from hypothesis import strategies as st

from eventcore.domain.events import EventStatus
from eventcore.domain.ids import UserId
from eventcore.domain.paging import MAX_PAGE_SIZE, EventFilter

# Re-exported: the unit tests have always taken these two from here.
from support.constants import PASSWORD as PASSWORD
from support.constants import T0 as T0

# Half-hour steps over a week around T0: coarse on purpose, so that equal
# starts (ordered by id) and boundaries hit exactly (now == start, now == end)
# are common rather than astronomically rare.
_STEP = timedelta(minutes=30)
_SPAN = 7 * 48

Action = Literal["join", "leave"]


def moments(span: int = _SPAN) -> st.SearchStrategy[datetime]:
    """Aware datetimes on the half-hour grid within `span` steps either side of T0."""
    return st.integers(-span, span).map(lambda n: T0 + n * _STEP)


def precise_moments() -> st.SearchStrategy[datetime]:
    """Aware datetimes anywhere in the years around T0, to the microsecond."""
    return st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    )


def durations() -> st.SearchStrategy[timedelta]:
    """Positive lengths, from half an hour to three days, on the half-hour grid."""
    return st.integers(1, 3 * 48).map(lambda n: n * _STEP)


@st.composite
def schedules(draw: st.DrawFn) -> tuple[datetime, datetime | None]:
    """A (start, end) pair with the end after the start, or no end at all."""
    starts_at = draw(moments())
    duration = draw(st.none() | durations())
    return starts_at, None if duration is None else starts_at + duration


def capacities() -> st.SearchStrategy[int | None]:
    """Small seat counts, so that events fill up within a short run; None is unlimited."""
    return st.none() | st.integers(min_value=1, max_value=5)


def attendance_steps(user_count: int) -> st.SearchStrategy[list[tuple[Action, int]]]:
    """Joins and leaves by users 0..user_count-1 (0 is the creator), repeats included."""
    actions: tuple[Action, ...] = ("join", "leave")
    step = st.tuples(st.sampled_from(actions), st.integers(0, user_count - 1))
    return st.lists(step, max_size=30)


def page_sizes() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=MAX_PAGE_SIZE)


def valid_text(*, min_size: int = 0, max_size: int) -> st.SearchStrategy[str]:
    """Any text a client may store: every character but NUL, which the domain refuses."""
    return st.text(st.characters(exclude_characters="\x00"), min_size=min_size, max_size=max_size)


def event_extras() -> st.SearchStrategy[dict[str, Any]]:
    """Everything an event may carry besides its schedule: valid, and varied."""
    return st.fixed_dictionaries(
        {"title": valid_text(min_size=1, max_size=30).filter(str.strip)},
        optional={
            "description": valid_text(max_size=50),
            "capacity": st.integers(min_value=1, max_value=1000),
            "is_private": st.booleans(),
            "price": st.decimals(min_value=0, max_value=1000, places=2),
            "latitude": st.floats(min_value=-90, max_value=90),
            "longitude": st.floats(min_value=-180, max_value=180),
            "city": valid_text(max_size=20),
        },
    )


# Listing: a few words, so that searches find something and miss something.
WORDS = ("Jazz", "Chess", "Yoga", "Hackathon", "Picnic")
_TEXT = st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join)


@frozen
class EventSpec:
    """One event to create for a listing property; `creator` indexes the test's users."""

    title: str
    description: str
    creator: int
    starts_at: datetime
    ends_at: datetime | None
    is_private: bool

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "is_private": self.is_private,
        }


@st.composite
def event_specs(draw: st.DrawFn, creators: int) -> EventSpec:
    starts_at, ends_at = draw(schedules())
    return EventSpec(
        title=draw(st.sampled_from(WORDS)) + draw(st.sampled_from(("", " night", " club"))),
        description=draw(_TEXT),
        creator=draw(st.integers(0, creators - 1)),
        starts_at=starts_at,
        ends_at=ends_at,
        is_private=draw(st.booleans()),
    )


def _search_terms() -> st.SearchStrategy[str]:
    """Whole words in any case, fragments of them, and words nobody used."""
    whole = st.sampled_from(WORDS).flatmap(lambda w: st.sampled_from((w, w.lower(), w.upper())))
    return whole | st.sampled_from(("az", "ni", "CLUB", "opera"))


_CONDITIONS = (
    "viewer_id",
    "search",
    "status",
    "creator_id",
    "starts_from",
    "starts_before",
    "overlaps_from",
    "overlaps_before",
)


@st.composite
def event_filters(
    draw: st.DrawFn, user_ids: list[UserId], anchors: Sequence[datetime] = ()
) -> EventFilter:
    """A few of the list filters combined; ids come from `user_ids` plus one unknown id.

    Only up to three conditions are set at once, so that filters still let
    events through often enough to exercise paging. Moments are often taken
    from `anchors` (the starts and ends of existing events), so that the
    boundaries of each comparison are hit exactly.
    """
    people = st.sampled_from([*user_ids, UserId(max(user_ids) + 1)])
    moment = st.sampled_from(anchors) | moments() if anchors else moments()
    values: dict[str, st.SearchStrategy[Any]] = {
        "viewer_id": people,
        "search": _search_terms(),
        "status": st.sampled_from(EventStatus),
        "creator_id": people,
        "starts_from": moment,
        "starts_before": moment,
        "overlaps_from": moment,
        "overlaps_before": moment,
    }
    chosen = draw(st.sets(st.sampled_from(_CONDITIONS), max_size=3))
    return EventFilter(now=draw(moment), **{name: draw(values[name]) for name in chosen})


# Voting: ballots cast by a few people on a small poll, bad ones mixed in.


@frozen
class CastAttempt:
    """One attempt to vote: `voter` indexes the test's people; `choices` index the poll's
    options, where -1 and the option count stand for options the poll does not have."""

    voter: int
    choices: tuple[int, ...]


@frozen
class PollShape:
    option_count: int
    multiple_choice: bool


def poll_shapes() -> st.SearchStrategy[PollShape]:
    return st.builds(PollShape, st.integers(2, 5), st.booleans())


def cast_attempts(voters: int, options: int) -> st.SearchStrategy[list[CastAttempt]]:
    """Attempts in any order, repeats included: empty, duplicate and unknown choices too."""
    choice = st.integers(-1, options)
    attempt = st.builds(
        CastAttempt, st.integers(0, voters - 1), st.lists(choice, max_size=options + 1).map(tuple)
    )
    return st.lists(attempt, max_size=25)


def vote_counts(options: int) -> st.SearchStrategy[list[int]]:
    """Votes per option of a poll with `options` options, ties and zeros frequent."""
    return st.lists(st.integers(0, 6), min_size=options, max_size=options)
