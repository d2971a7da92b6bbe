"""Memory repositories of tasks, polls and ballots, with their list and detail views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

import attrs

from eventcore.adapters.memory.queries import MemoryEventQueries
from eventcore.adapters.memory.repositories import _copy, _Table
from eventcore.domain.events import Event
from eventcore.domain.ids import BallotId, EventId, OptionId, PollId, TaskId, UserId
from eventcore.domain.paging import Page, PageRequest
from eventcore.domain.planning_views import EventRef, PollHeadline, PollView, TaskView
from eventcore.domain.tasks import Task, TaskFilter
from eventcore.domain.views import UserSummary
from eventcore.domain.voting import AlreadyVoted, Ballot, Poll, PollFilter


class _EventChild(_Table):
    """Rows that belong to an event, listed only where the viewer may see the event."""

    def _event(self, event_id: EventId) -> Event:
        event: Event = self._tables["events"][event_id]
        return event

    def _person(self, user_id: UserId) -> UserSummary:
        return UserSummary.of(self._tables["users"][user_id])

    def _listed_for(self, event: Event, viewer_id: UserId | None) -> bool:
        # As MemoryEventQueries lists events: public ones, or the viewer's own
        # and those they take part in.
        if viewer_id is None:
            return not event.is_private
        takes_part = MemoryEventQueries(self._store, self._tables).takes_part(event.id, viewer_id)
        return event.visible_to(viewer_id, takes_part=takes_part)


class MemoryTaskRepository(_EventChild):
    name = "tasks"

    def add(self, task: Task) -> Task:
        stored = attrs.evolve(task, id=TaskId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, task_id: TaskId) -> Task | None:
        return _copy(self._rows.get(task_id))

    def save(self, task: Task) -> None:
        self._rows[task.id] = attrs.evolve(task)

    def view(self, task_id: TaskId) -> TaskView | None:
        task = self._rows.get(task_id)
        return None if task is None else self._view(task)

    def page(self, where: TaskFilter, request: PageRequest) -> Page[TaskView]:
        matching = sorted(
            (task for task in self._rows.values() if self._matches(task, where)),
            key=lambda task: task.id,
        )
        chosen = matching[request.offset : request.offset + request.page_size]
        return Page([self._view(task) for task in chosen], len(matching), request)

    def of_event(self, event_id: EventId) -> Sequence[Task]:
        return [
            attrs.evolve(task)
            for task in sorted(self._rows.values(), key=lambda t: t.id)
            if task.event_id == event_id
        ]

    def _view(self, task: Task) -> TaskView:
        assignee = None if task.assignee_id is None else self._person(task.assignee_id)
        return TaskView(
            attrs.evolve(task),
            EventRef.of(self._event(task.event_id)),
            self._person(task.creator_id),
            assignee,
        )

    def _matches(self, task: Task, where: TaskFilter) -> bool:
        if not self._listed_for(self._event(task.event_id), where.viewer_id):
            return False
        due = task.due_date
        return (
            (where.event_id is None or task.event_id == where.event_id)
            and (where.assignee_id is None or task.assignee_id == where.assignee_id)
            and (where.status is None or task.status is where.status)
            and (where.due_from is None or (due is not None and due >= where.due_from))
            and (where.due_before is None or (due is not None and due < where.due_before))
        )


class MemoryPollRepository(_EventChild):
    name = "polls"

    def add(self, poll: Poll) -> Poll:
        options = tuple(
            attrs.evolve(option, id=OptionId(self._store.next_id("poll_options")))
            for option in poll.options
        )
        stored = attrs.evolve(poll, id=PollId(self._store.next_id(self.name)), options=options)
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, poll_id: PollId) -> Poll | None:
        return _copy(self._rows.get(poll_id))

    def add_ballot(self, ballot: Ballot) -> Ballot:
        if self.ballot_of(ballot.poll_id, ballot.user_id) is not None:
            raise AlreadyVoted("You have already voted.", field="option_ids")
        stored = attrs.evolve(ballot, id=BallotId(self._store.next_id("ballots")))
        self._ballots[stored.id] = stored
        return attrs.evolve(stored)

    def ballot_of(self, poll_id: PollId, user_id: UserId) -> Ballot | None:
        return _copy(
            next(
                (
                    b
                    for b in self._ballots.values()
                    if b.poll_id == poll_id and b.user_id == user_id
                ),
                None,
            )
        )

    def view(self, poll_id: PollId) -> PollView | None:
        poll = self._rows.get(poll_id)
        return None if poll is None else self._view(poll)

    def views(self, poll_ids: Sequence[PollId]) -> Sequence[PollView]:
        return [
            self._view(self._rows[poll_id])
            for poll_id in sorted(set(poll_ids))
            if poll_id in self._rows
        ]

    def page(self, where: PollFilter, request: PageRequest) -> Page[PollView]:
        matching = sorted(
            (poll for poll in self._rows.values() if self._matches(poll, where)),
            key=lambda poll: poll.id,
        )
        chosen = matching[request.offset : request.offset + request.page_size]
        return Page([self._view(poll) for poll in chosen], len(matching), request)

    def headlines(self, event_id: EventId) -> Sequence[PollHeadline]:
        return [
            PollHeadline(poll.id, poll.title, poll.ends_at)
            for poll in sorted(self._rows.values(), key=lambda p: p.id)
            if poll.event_id == event_id
        ]

    def ended_unannounced(self, now: datetime, limit: int) -> Sequence[PollId]:
        due = sorted(
            poll.id
            for poll in self._rows.values()
            if not poll.ended_announced and poll.ends_at <= now
        )
        return due[:limit]

    def mark_announced(self, poll_id: PollId) -> bool:
        poll = self._rows.get(poll_id)
        if poll is None or poll.ended_announced:
            return False
        self._rows[poll_id] = attrs.evolve(poll, ended_announced=True)
        return True

    @property
    def _ballots(self) -> dict[BallotId, Ballot]:
        ballots: dict[BallotId, Ballot] = self._tables["ballots"]
        return ballots

    def _view(self, poll: Poll) -> PollView:
        ballots = [b for b in self._ballots.values() if b.poll_id == poll.id]
        return PollView(
            poll=attrs.evolve(poll),
            event=EventRef.of(self._event(poll.event_id)),
            creator=self._person(poll.creator_id),
            counts=_choices(ballots),
            total_votes=len(ballots),
        )

    def _matches(self, poll: Poll, where: PollFilter) -> bool:
        if not self._listed_for(self._event(poll.event_id), where.viewer_id):
            return False
        return (
            (where.event_id is None or poll.event_id == where.event_id)
            and (where.creator_id is None or poll.creator_id == where.creator_id)
            and (
                where.status is None or where.now is None or poll.status(where.now) is where.status
            )
        )


def _choices(ballots: Iterable[Ballot]) -> Counter[OptionId]:
    return Counter(option_id for ballot in ballots for option_id in ballot.option_ids)
