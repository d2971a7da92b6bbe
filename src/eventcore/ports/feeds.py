"""What calendar feeds need from storage: the feed tokens, and the entries of a feed read
in one statement whatever their number."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from eventcore.domain.feeds import CalendarEntry, FeedToken
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter


class FeedTokenRepository(Protocol):
    def get(self, token_hash: str) -> FeedToken | None: ...

    def for_user(self, user_id: UserId) -> FeedToken | None: ...

    def save(self, token: FeedToken) -> None:
        """Store the user's feed token, replacing the one they had: one per user."""
        ...

    def delete_for_user(self, user_id: UserId) -> None: ...


class CalendarQueries(Protocol):
    """Entries whose events carry no images: a feed shows none."""

    def person(self, user_id: UserId, ends_after: datetime, limit: int) -> Sequence[CalendarEntry]:
        """The events in the user's feed (domain.feeds.in_person_feed) that end after
        `ends_after`, soonest start first, then by id; at most `limit` of them, in one
        statement."""
        ...

    def matching(self, where: EventFilter, limit: int) -> Sequence[CalendarEntry]:
        """The first `limit` events matching `where`, soonest start first, then by id,
        in one statement."""
        ...
