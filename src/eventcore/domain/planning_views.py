"""Read models of tasks and polls, assembled by their repositories in a fixed number
of statements, and the event overview that shows both next to the event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from attrs import frozen

from eventcore.domain.attendance import WaitingList
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, OptionId, PollId
from eventcore.domain.tasks import Task
from eventcore.domain.views import EventDetails, EventView, UserSummary
from eventcore.domain.voting import Ballot, Poll, PollStatus, Tally, status_at, tally


@frozen
class EventRef:
    """What a task or poll shows of its event."""

    id: EventId
    title: str
    starts_at: datetime

    @classmethod
    def of(cls, event: Event) -> EventRef:
        return cls(event.id, event.title, event.starts_at)


@frozen
class TaskView:
    task: Task
    event: EventRef
    creator: UserSummary
    assignee: UserSummary | None


@frozen(kw_only=True)
class PollView:
    """A poll with its event, its creator and the ballots counted so far."""

    poll: Poll
    event: EventRef
    creator: UserSummary
    # Ballots choosing each option; options nobody chose may be absent.
    counts: Mapping[OptionId, int]
    total_votes: int

    @property
    def tally(self) -> Tally:
        return tally(self.poll, self.counts, self.total_votes)


@frozen
class PollDetails:
    """A poll as one viewer sees it: with the ballot they cast, if any."""

    view: PollView
    ballot: Ballot | None


@frozen
class PollHeadline:
    id: PollId
    title: str
    ends_at: datetime

    def status(self, now: datetime) -> PollStatus:
        return status_at(now, self.ends_at)


@frozen
class EventOverview:
    """An event's details with its tasks and polls, oldest first.

    It answers to the same attribute names as EventDetails, so whatever
    renders details renders an overview too.
    """

    details: EventDetails
    tasks: tuple[Task, ...]
    polls: tuple[PollHeadline, ...]
    waiting_list: WaitingList = WaitingList()

    @property
    def view(self) -> EventView:
        return self.details.view

    @property
    def event(self) -> Event:
        return self.details.event

    @property
    def creator(self) -> UserSummary:
        return self.details.creator

    @property
    def participant_count(self) -> int:
        return self.details.participant_count

    @property
    def participants(self) -> tuple[UserSummary, ...]:
        return self.details.participants
