"""SqlPollRepository with the poll and option row functions and list query.

Statement counts, whatever the page size or the number of votes: `page` three
(COUNT, the page with event, creator and ballot count, the page's options with
their vote counts), `view` two, `get` two, `headlines` one, `ballot_of` one,
`add_ballot` two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Final

import attrs
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    false,
    func,
    insert,
    select,
    true,
    update,
)

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.conflicts import unique_rules
from eventcore.adapters.sqlalchemy.event_children import (
    CREATOR,
    creator,
    event_columns,
    event_ref,
    listed_for,
    person_columns,
)
from eventcore.adapters.sqlalchemy.repositories import _new_id, _Repository
from eventcore.adapters.sqlalchemy.tables import (
    ballot_choices,
    ballots,
    events,
    poll_options,
    polls,
)
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.ids import BallotId, EventId, OptionId, PollId, UserId
from eventcore.domain.paging import Page, PageRequest
from eventcore.domain.planning_views import PollHeadline, PollView
from eventcore.domain.voting import (
    AlreadyVoted,
    Ballot,
    Poll,
    PollFilter,
    PollOption,
    PollStatus,
)


def option_from_row(row: rows.Row) -> PollOption:
    return PollOption(id=OptionId(row["id"]), text=row["text"], position=row["position"])


def poll_from_row(row: rows.Row, options: Iterable[PollOption]) -> Poll:
    return Poll(
        id=PollId(row["id"]),
        event_id=EventId(row["event_id"]),
        creator_id=UserId(row["creator_id"]),
        title=row["title"],
        description=row["description"],
        options=tuple(options),
        multiple_choice=row["multiple_choice"],
        ends_at=row["ends_at"],
        created_at=row["created_at"],
        ended_announced=row["ended_announced"],
    )


def poll_values(poll: Poll) -> rows.Values:
    """Every column of `polls` but `id`; options go to `poll_options`."""
    return {
        "event_id": poll.event_id,
        "creator_id": poll.creator_id,
        "title": poll.title,
        "description": poll.description,
        "multiple_choice": poll.multiple_choice,
        "ends_at": poll.ends_at,
        "created_at": poll.created_at,
        "ended_announced": poll.ended_announced,
    }


def _poll_view_select() -> Select[Any]:
    ballot_count = select(func.count()).where(ballots.c.poll_id == polls.c.id).scalar_subquery()
    return (
        select(
            polls,
            *event_columns(),
            *person_columns(creator, CREATOR),
            ballot_count.label("total_votes"),
        )
        .join(events, events.c.id == polls.c.event_id)
        .join(creator, creator.c.id == polls.c.creator_id)
    )


def _status_is(status: PollStatus, now: datetime) -> ColumnElement[bool]:
    # domain.voting.status_at: active strictly before ends_at.
    if status is PollStatus.ACTIVE:
        return polls.c.ends_at > now
    return polls.c.ends_at <= now


def _poll_conditions(where: PollFilter) -> list[ColumnElement[bool]]:
    clauses = listed_for(where.viewer_id)
    if where.event_id is not None:
        clauses.append(polls.c.event_id == where.event_id)
    if where.creator_id is not None:
        clauses.append(polls.c.creator_id == where.creator_id)
    if where.status is not None and where.now is not None:
        clauses.append(_status_is(where.status, where.now))
    return clauses


_HEADLINES: Final = (
    select(polls.c.id, polls.c.title, polls.c.ends_at)
    .where(polls.c.event_id == bindparam("event_id", type_=Integer()))
    .order_by(polls.c.id)
)


class SqlPollRepository(_Repository):
    def add(self, poll: Poll) -> Poll:
        result = self._connection.execute(insert(polls).values(poll_values(poll)))
        poll_id = PollId(_new_id(result))
        self._connection.execute(
            insert(poll_options),
            [
                {"poll_id": poll_id, "position": option.position, "text": option.text}
                for option in poll.options
            ],
        )
        return attrs.evolve(poll, id=poll_id, options=tuple(self._options([poll_id])[poll_id]))

    def get(self, poll_id: PollId) -> Poll | None:
        row = (
            self._connection.execute(select(polls).where(polls.c.id == poll_id)).mappings().first()
        )
        if row is None:
            return None
        return poll_from_row(row, self._options([poll_id])[poll_id])

    def add_ballot(self, ballot: Ballot) -> Ballot:
        try:
            with unique_rules(self._connection):
                result = self._connection.execute(
                    insert(ballots).values(
                        poll_id=ballot.poll_id,
                        user_id=ballot.user_id,
                        cast_at=ballot.cast_at,
                    )
                )
                ballot_id = BallotId(_new_id(result))
                self._connection.execute(
                    insert(ballot_choices),
                    [
                        {"ballot_id": ballot_id, "option_id": option_id}
                        for option_id in ballot.option_ids
                    ],
                )
        except AlreadyExists as conflict:
            # UNIQUE(poll_id, user_id): another request of this user voted first.
            raise AlreadyVoted(conflict.message, field=conflict.field) from conflict
        return attrs.evolve(ballot, id=ballot_id)

    def ballot_of(self, poll_id: PollId, user_id: UserId) -> Ballot | None:
        found = (
            self._connection.execute(
                select(ballots, ballot_choices.c.option_id)
                .join(ballot_choices, ballot_choices.c.ballot_id == ballots.c.id)
                .join(poll_options, poll_options.c.id == ballot_choices.c.option_id)
                .where(ballots.c.poll_id == poll_id, ballots.c.user_id == user_id)
                .order_by(poll_options.c.position)
            )
            .mappings()
            .all()
        )
        if not found:
            return None
        first = found[0]
        return Ballot(
            id=BallotId(first["id"]),
            poll_id=PollId(first["poll_id"]),
            user_id=UserId(first["user_id"]),
            option_ids=tuple(OptionId(row["option_id"]) for row in found),
            cast_at=first["cast_at"],
        )

    def view(self, poll_id: PollId) -> PollView | None:
        found = self.views([poll_id])
        return found[0] if found else None

    def views(self, poll_ids: Sequence[PollId]) -> Sequence[PollView]:
        if not poll_ids:
            return []
        chosen = (
            self._connection.execute(
                _poll_view_select().where(polls.c.id.in_(list(poll_ids))).order_by(polls.c.id)
            )
            .mappings()
            .all()
        )
        return self._views(chosen)

    def page(self, where: PollFilter, request: PageRequest) -> Page[PollView]:
        clauses = _poll_conditions(where)
        total = self._connection.execute(
            select(func.count())
            .select_from(polls.join(events, events.c.id == polls.c.event_id))
            .where(*clauses)
        ).scalar_one()
        chosen = (
            self._connection.execute(
                _poll_view_select()
                .where(*clauses)
                .order_by(polls.c.id)
                .offset(request.offset)
                .limit(request.page_size)
            )
            .mappings()
            .all()
        )
        return Page(self._views(chosen), total, request)

    def headlines(self, event_id: EventId) -> Sequence[PollHeadline]:
        result = self._connection.execute(_HEADLINES, {"event_id": event_id}).mappings()
        return [PollHeadline(PollId(row["id"]), row["title"], row["ends_at"]) for row in result]

    def ended_unannounced(self, now: datetime, limit: int) -> Sequence[PollId]:
        result = self._connection.execute(
            select(polls.c.id)
            .where(polls.c.ended_announced == false(), polls.c.ends_at <= now)
            .order_by(polls.c.id)
            .limit(limit)
        ).scalars()
        return [PollId(poll_id) for poll_id in result]

    def mark_announced(self, poll_id: PollId) -> bool:
        # Conditional on the flag still being down: on PostgreSQL a second writer
        # waits for the first one's row lock, then re-reads the row and matches
        # nothing; on SQLite writers are serial (BEGIN IMMEDIATE).
        result = self._connection.execute(
            update(polls)
            .where(polls.c.id == poll_id, polls.c.ended_announced == false())
            .values(ended_announced=true())
        )
        return result.rowcount == 1

    def _views(self, chosen: Sequence[rows.Row]) -> list[PollView]:
        counts = self._options_with_counts([row["id"] for row in chosen])
        made = []
        for row in chosen:
            options, per_option = counts[row["id"]]
            made.append(
                PollView(
                    poll=poll_from_row(row, options),
                    event=event_ref(row),
                    creator=rows.user_summary_from_row(row, CREATOR),
                    counts=per_option,
                    total_votes=row["total_votes"],
                )
            )
        return made

    def _options(self, poll_ids: Sequence[int]) -> dict[int, list[PollOption]]:
        return {
            poll_id: options
            for poll_id, (options, _) in self._options_with_counts(poll_ids).items()
        }

    def _options_with_counts(
        self, poll_ids: Sequence[int]
    ) -> defaultdict[int, tuple[list[PollOption], dict[OptionId, int]]]:
        """The options of every poll in `poll_ids` with their vote counts, in one statement."""
        found: defaultdict[int, tuple[list[PollOption], dict[OptionId, int]]] = defaultdict(
            lambda: ([], {})
        )
        if not poll_ids:
            return found
        vote_count = (
            select(func.count())
            .where(ballot_choices.c.option_id == poll_options.c.id)
            .scalar_subquery()
        )
        result = self._connection.execute(
            select(poll_options, vote_count.label("vote_count"))
            .where(poll_options.c.poll_id.in_(list(poll_ids)))
            .order_by(poll_options.c.poll_id, poll_options.c.position)
        ).mappings()
        for row in result:
            options, counts = found[row["poll_id"]]
            option = option_from_row(row)
            options.append(option)
            if row["vote_count"]:
                counts[option.id] = row["vote_count"]
        return found
