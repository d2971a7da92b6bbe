"""Repositories of an event's tasks and polls (with their ballots).

Each also answers the read side its lists and details need: page-sized views
in a fixed number of statements, whatever the page size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from eventcore.domain.ids import EventId, PollId, TaskId, UserId
from eventcore.domain.paging import Page, PageRequest
from eventcore.domain.planning_views import PollHeadline, PollView, TaskView
from eventcore.domain.tasks import Task, TaskFilter
from eventcore.domain.voting import Ballot, Poll, PollFilter


class TaskRepository(Protocol):
    def add(self, task: Task) -> Task:
        """Store a new task and return it with its id."""
        ...

    def get(self, task_id: TaskId) -> Task | None: ...

    def save(self, task: Task) -> None: ...

    def view(self, task_id: TaskId) -> TaskView | None: ...

    def page(self, where: TaskFilter, request: PageRequest) -> Page[TaskView]:
        """Tasks matching `where`, oldest first (by id)."""
        ...

    def of_event(self, event_id: EventId) -> Sequence[Task]:
        """Every task of the event, oldest first."""
        ...


class PollRepository(Protocol):
    def add(self, poll: Poll) -> Poll:
        """Store a new poll with its options; returns it with its and their ids."""
        ...

    def get(self, poll_id: PollId) -> Poll | None: ...

    def add_ballot(self, ballot: Ballot) -> Ballot:
        """Store a ballot and return it with its id.

        Raises AlreadyVoted when the user has a ballot on that poll already,
        also when another transaction stored it a moment ago.
        """
        ...

    def ballot_of(self, poll_id: PollId, user_id: UserId) -> Ballot | None: ...

    def view(self, poll_id: PollId) -> PollView | None: ...

    def views(self, poll_ids: Sequence[PollId]) -> Sequence[PollView]:
        """The views of the polls that exist among `poll_ids`, by id."""
        ...

    def page(self, where: PollFilter, request: PageRequest) -> Page[PollView]:
        """Polls matching `where`, oldest first (by id)."""
        ...

    def headlines(self, event_id: EventId) -> Sequence[PollHeadline]:
        """Every poll of the event, oldest first."""
        ...

    def ended_unannounced(self, now: datetime, limit: int) -> Sequence[PollId]:
        """Up to `limit` polls that ended by `now` and whose end was not announced, by id."""
        ...

    def mark_announced(self, poll_id: PollId) -> bool:
        """Flag the poll's end as announced; True only for the caller that flipped it.

        A conditional write: of several units of work flagging the same poll at
        once, exactly one gets True, once the others see its commit.
        """
        ...
