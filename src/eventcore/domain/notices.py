"""Notices: facts the use cases publish for real-time listeners, after they commit.

Each notice is a typed value carrying ids and views, and the audience that may
hear it, decided by the core (None: anyone). How a notice reads on the wire is
each surface's business (the GatherHub WebSocket writes `{type, data,
timestamp}`), and a notifier that carries notices between processes
serialises them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, PollId, UserId
from eventcore.domain.planning_views import PollView
from eventcore.domain.social import ChatMessage
from eventcore.domain.tasks import Task
from eventcore.domain.views import EventView, UserSummary
from eventcore.domain.voting import Poll, PollStatus

Audience = frozenset[UserId] | None


@frozen(kw_only=True)
class Notice:
    """Something that happened. `audience` is None for a public fact, else the ids of
    the users who may hear it."""

    audience: Audience = None

    @property
    def kind(self) -> str:
        """The notice's kind in snake case ("event_created"), for logs and the wire."""
        return kind_of(type(self))

    def may_reach(self, user_id: int) -> bool:
        return self.audience is None or user_id in self.audience


@frozen
class EventFacts:
    """What a notice tells of an event."""

    id: EventId
    title: str
    participant_count: int

    @classmethod
    def of(cls, view: EventView) -> EventFacts:
        return cls(view.event.id, view.event.title, view.participant_count)


def event_audience(view: EventView, also: Iterable[UserId] = ()) -> Audience:
    """Anyone for a public event; a private event's creator and `also` otherwise."""
    if not view.event.is_private:
        return None
    return frozenset({view.event.creator_id, *also})


def kind_of(notice_type: type[Notice]) -> str:
    """A kind of notice's name in snake case: EventCreated is "event_created"."""
    name = notice_type.__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def people_audience(event: Event, participants: Iterable[UserSummary]) -> Audience:
    """Who hears about what happens in `event`: anyone for a public event, else its
    creator and participants."""
    if not event.is_private:
        return None
    return frozenset({event.creator_id, *(person.id for person in participants)})


@frozen(kw_only=True)
class EventCreated(Notice):
    event: EventFacts


@frozen(kw_only=True)
class EventUpdated(Notice):
    event: EventFacts


@frozen(kw_only=True)
class EventJoined(Notice):
    event: EventFacts
    user_id: UserId


@frozen(kw_only=True)
class EventLeft(Notice):
    event: EventFacts
    user_id: UserId


@frozen(kw_only=True)
class PromotedFromWaitingList(Notice):
    """`user_id` left the waiting list of the event for a seat that freed up; they also
    get an EventJoined. Only they hear this one."""

    event: EventFacts
    user_id: UserId


@frozen(kw_only=True)
class TaskCreated(Notice):
    task: Task


@frozen(kw_only=True)
class TaskUpdated(Notice):
    task: Task


@frozen(kw_only=True)
class TaskAssigned(Notice):
    task: Task


@frozen(kw_only=True)
class TaskCompleted(Notice):
    task: Task


@frozen(kw_only=True)
class PollOpened(Notice):
    poll: Poll


@frozen(kw_only=True)
class BallotCast(Notice):
    poll_id: PollId
    title: str
    event_id: EventId
    user_id: UserId
    total_votes: int


@frozen(kw_only=True)
class PollCounted(Notice):
    """A poll's counts, as they stand right after a ballot."""

    view: PollView
    status: PollStatus


@frozen(kw_only=True)
class PollEnded(Notice):
    """A poll whose voting has ended, with its final counts; published once per poll."""

    view: PollView
    status: PollStatus


@frozen(kw_only=True)
class MessagePosted(Notice):
    """A new message in a chat; its audience is the chat's members."""

    message: ChatMessage


# Every kind of notice, for adapters that must tell them apart on the wire.
NOTICE_TYPES: tuple[type[Notice], ...] = (
    EventCreated,
    EventUpdated,
    EventJoined,
    EventLeft,
    PromotedFromWaitingList,
    TaskCreated,
    TaskUpdated,
    TaskAssigned,
    TaskCompleted,
    PollOpened,
    BallotCast,
    PollCounted,
    PollEnded,
    MessagePosted,
)
