"""SqlTaskRepository and SqlPollRepository, their row functions and list queries.

Statement counts, whatever the page size or the number of votes:
- tasks: `page` two (COUNT, the page joined with event, creator and assignee),
  `view` one, `of_event` one;
- polls: `page` three (COUNT, the page with event, creator and ballot count, the
  page's options with their vote counts), `view` two, `get` two, `headlines`
  one, `ballot_of` one, `add_ballot` two.

List visibility reuses the events list's own condition (`queries.conditions`),
so a task or poll is listed exactly where its event would be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    false,
    func,
    insert,
    select,
    true,
    update,
)

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.conflicts import unique_rules
from eventcore.adapters.sqlalchemy.queries import conditions
from eventcore.adapters.sqlalchemy.repositories import _new_id
from eventcore.adapters.sqlalchemy.tables import (
    ballot_choices,
    ballots,
    events,
    poll_options,
    polls,
    tasks,
    users,
)
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.ids import BallotId, EventId, OptionId, PollId, TaskId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.planning_views import EventRef, PollHeadline, PollView, TaskView
from eventcore.domain.tasks import Task, TaskFilter, TaskPriority, TaskStatus
from eventcore.domain.voting import (
    AlreadyVoted,
    Ballot,
    Poll,
    PollFilter,
    PollOption,
    PollStatus,
)

CREATOR = "creator__"
ASSIGNEE = "assignee__"
EVENT = "event__"

_creator = users.alias("creator")
_assignee = users.alias("assignee")


# --- rows -----------------------------------------------------------------------


def task_from_row(row: rows.Row) -> Task:
    assignee_id = row["assignee_id"]
    return Task(
        id=TaskId(row["id"]),
        event_id=EventId(row["event_id"]),
        title=row["title"],
        creator_id=UserId(row["creator_id"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        description=row["description"],
        status=TaskStatus(row["status"]),
        priority=TaskPriority(row["priority"]),
        due_date=row["due_date"],
        assignee_id=None if assignee_id is None else UserId(assignee_id),
        completed_at=row["completed_at"],
    )


def task_values(task: Task) -> rows.Values:
    """Every column but `id`."""
    return {
        "event_id": task.event_id,
        "title": task.title,
        "description": task.description,
        "status": task.status.value,
        "priority": task.priority.value,
        "due_date": task.due_date,
        "assignee_id": task.assignee_id,
        "creator_id": task.creator_id,
        "created_at": task.created_at,
        "updated_at": task.updated_at,
        "completed_at": task.completed_at,
    }


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


def _event_ref(row: rows.Row) -> EventRef:
    return EventRef(EventId(row[f"{EVENT}id"]), row[f"{EVENT}title"], row[f"{EVENT}starts_at"])


def _event_columns() -> list[Any]:
    return [events.c[name].label(EVENT + name) for name in ("id", "title", "starts_at")]


def _person_columns(alias: Any, prefix: str) -> list[Any]:
    return [alias.c[name].label(prefix + name) for name in rows.SUMMARY_COLUMNS]


def _listed_for(viewer_id: UserId | None) -> list[ColumnElement[bool]]:
    """Events a list shows to `viewer_id`, as the events list decides it."""
    return conditions(EventFilter(viewer_id=viewer_id))


class _Repository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection


# --- tasks ----------------------------------------------------------------------


def _task_view_select() -> Select[Any]:
    return (
        select(
            tasks,
            *_event_columns(),
            *_person_columns(_creator, CREATOR),
            *_person_columns(_assignee, ASSIGNEE),
        )
        .join(events, events.c.id == tasks.c.event_id)
        .join(_creator, _creator.c.id == tasks.c.creator_id)
        .outerjoin(_assignee, _assignee.c.id == tasks.c.assignee_id)
    )


def _task_view(row: rows.Row) -> TaskView:
    assignee = None
    if row[f"{ASSIGNEE}id"] is not None:
        assignee = rows.user_summary_from_row(row, ASSIGNEE)
    return TaskView(
        task_from_row(row), _event_ref(row), rows.user_summary_from_row(row, CREATOR), assignee
    )


def _task_conditions(where: TaskFilter) -> list[ColumnElement[bool]]:
    clauses = _listed_for(where.viewer_id)
    if where.event_id is not None:
        clauses.append(tasks.c.event_id == where.event_id)
    if where.assignee_id is not None:
        clauses.append(tasks.c.assignee_id == where.assignee_id)
    if where.status is not None:
        clauses.append(tasks.c.status == where.status.value)
    # A comparison with NULL is never true: tasks without a due date drop out.
    if where.due_from is not None:
        clauses.append(tasks.c.due_date >= where.due_from)
    if where.due_before is not None:
        clauses.append(tasks.c.due_date < where.due_before)
    return clauses


class SqlTaskRepository(_Repository):
    def add(self, task: Task) -> Task:
        result = self._connection.execute(insert(tasks).values(task_values(task)))
        return attrs.evolve(task, id=TaskId(_new_id(result)))

    def get(self, task_id: TaskId) -> Task | None:
        row = (
            self._connection.execute(select(tasks).where(tasks.c.id == task_id)).mappings().first()
        )
        return None if row is None else task_from_row(row)

    def save(self, task: Task) -> None:
        self._connection.execute(
            update(tasks).where(tasks.c.id == task.id).values(task_values(task))
        )

    def view(self, task_id: TaskId) -> TaskView | None:
        row = (
            self._connection.execute(_task_view_select().where(tasks.c.id == task_id))
            .mappings()
            .first()
        )
        return None if row is None else _task_view(row)

    def page(self, where: TaskFilter, request: PageRequest) -> Page[TaskView]:
        clauses = _task_conditions(where)
        total = self._connection.execute(
            select(func.count())
            .select_from(tasks.join(events, events.c.id == tasks.c.event_id))
            .where(*clauses)
        ).scalar_one()
        chosen = self._connection.execute(
            _task_view_select()
            .where(*clauses)
            .order_by(tasks.c.id)
            .offset(request.offset)
            .limit(request.page_size)
        ).mappings()
        return Page([_task_view(row) for row in chosen], total, request)

    def of_event(self, event_id: EventId) -> Sequence[Task]:
        result = self._connection.execute(
            select(tasks).where(tasks.c.event_id == event_id).order_by(tasks.c.id)
        ).mappings()
        return [task_from_row(row) for row in result]


# --- polls ----------------------------------------------------------------------


def _poll_view_select() -> Select[Any]:
    ballot_count = select(func.count()).where(ballots.c.poll_id == polls.c.id).scalar_subquery()
    return (
        select(
            polls,
            *_event_columns(),
            *_person_columns(_creator, CREATOR),
            ballot_count.label("total_votes"),
        )
        .join(events, events.c.id == polls.c.event_id)
        .join(_creator, _creator.c.id == polls.c.creator_id)
    )


def _status_is(status: PollStatus, now: datetime) -> ColumnElement[bool]:
    # domain.voting.status_at: active strictly before ends_at.
    if status is PollStatus.ACTIVE:
        return polls.c.ends_at > now
    return polls.c.ends_at <= now


def _poll_conditions(where: PollFilter) -> list[ColumnElement[bool]]:
    clauses = _listed_for(where.viewer_id)
    if where.event_id is not None:
        clauses.append(polls.c.event_id == where.event_id)
    if where.creator_id is not None:
        clauses.append(polls.c.creator_id == where.creator_id)
    if where.status is not None and where.now is not None:
        clauses.append(_status_is(where.status, where.now))
    return clauses


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
        result = self._connection.execute(
            select(polls.c.id, polls.c.title, polls.c.ends_at)
            .where(polls.c.event_id == event_id)
            .order_by(polls.c.id)
        ).mappings()
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
                    event=_event_ref(row),
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
