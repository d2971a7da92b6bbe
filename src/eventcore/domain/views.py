"""Read models: what list and detail pages show, assembled by the query ports."""

from __future__ import annotations

from attrs import frozen

from eventcore.domain.events import Category, Event
from eventcore.domain.ids import UserId
from eventcore.domain.users import User


@frozen
class UserSummary:
    id: UserId
    username: str
    first_name: str
    last_name: str
    email: str
    avatar: str | None

    @classmethod
    def of(cls, user: User) -> UserSummary:
        return cls(user.id, user.username, user.first_name, user.last_name, user.email, user.avatar)


@frozen
class EventView:
    """An event as a list shows it: with its creator and participant count."""

    event: Event
    creator: UserSummary
    participant_count: int
    category: Category | None = None


@frozen
class EventDetails:
    view: EventView
    participants: tuple[UserSummary, ...]

    @property
    def event(self) -> Event:
        return self.view.event

    @property
    def creator(self) -> UserSummary:
        return self.view.creator

    @property
    def participant_count(self) -> int:
        return self.view.participant_count
