"""Calendar feeds: one event for a calendar app, a person's private feed (open, see,
rotate, revoke, read by its token), and the public feed of upcoming events.

A feed token is derived from a random salt with the server's secret (HMAC-SHA-256), and
the server stores only the salt and the token's digest (usecases/token_digest.py): a
copy of the database alone opens no feed, the owner can be shown their link again, and
a rotation (a new salt) kills the old link at once. Changing the server's secret kills
every link. Reading a feed runs a fixed number of statements whatever its size.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime

import attrs
from attrs import frozen

from eventcore.domain.errors import NotFound
from eventcore.domain.events import EventStatus
from eventcore.domain.feeds import (
    PERSON_FEED_LIMIT,
    PUBLIC_FEED_LIMIT,
    CalendarEntry,
    CalendarFeed,
    FeedToken,
    feed_start,
)
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.paging import EventFilter
from eventcore.domain.users import User
from eventcore.ports.clock import Clock
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import visible_event
from eventcore.usecases.token_digest import digest

SALT_BYTES = 32
# 32 bytes of HMAC-SHA-256 in unpadded base64url.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@frozen
class FeedLink:
    """The token of a person's feed (to build its URL from) and when it was made."""

    token: str
    created_at: datetime


@frozen
class PersonalFeed:
    owner: User
    feed: CalendarFeed


def feed_not_found() -> NotFound:
    return NotFound("No calendar feed has this address.", field="token")


def derive_token(secret: str, salt: str) -> str:
    mac = hmac.new(secret.encode(), b"calendar-feed\x00" + salt.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def open_feed(uow: UnitOfWork, clock: Clock, secret: str, user_id: UserId) -> tuple[FeedLink, bool]:
    """The user's feed link, made now if they had none; and whether it was made now.

    Raises NotFound when the account is gone.
    """
    with uow:
        existing_user(uow, user_id)
        stored = _live(secret, uow.feed_tokens.for_user(user_id))
        if stored is not None:
            return _link(secret, stored), False
        link = _issue(uow, clock, secret, user_id)
        uow.commit()
        return link, True


def rotate_feed(uow: UnitOfWork, clock: Clock, secret: str, user_id: UserId) -> FeedLink:
    """A new feed link for the user; the old one (if any) stops working at once."""
    with uow:
        existing_user(uow, user_id)
        link = _issue(uow, clock, secret, user_id)
        uow.commit()
        return link


def feed_link(uow: UnitOfWork, secret: str, user_id: UserId) -> FeedLink:
    """The user's current feed link. Raises NotFound when they have none (or it was made
    under another server secret, so it opens nothing)."""
    with uow:
        stored = _live(secret, uow.feed_tokens.for_user(user_id))
    if stored is None:
        raise NotFound("You have no calendar feed yet.", field="feed")
    return _link(secret, stored)


def revoke_feed(uow: UnitOfWork, user_id: UserId) -> None:
    """Forget the user's feed, so its link answers 404 from now on. Raises NotFound when
    they have none."""
    with uow:
        if uow.feed_tokens.for_user(user_id) is None:
            raise NotFound("You have no calendar feed yet.", field="feed")
        uow.feed_tokens.delete_for_user(user_id)
        uow.commit()


def personal_feed(uow: UnitOfWork, clock: Clock, token: str) -> PersonalFeed:
    """The feed a token opens: the events its owner created, is registered for or is
    interested in, from FEED_PAST ago on, soonest first. Three statements.

    Raises NotFound for a malformed, unknown or revoked token, and for a disabled account.
    """
    if not TOKEN_PATTERN.match(token):
        raise feed_not_found()
    with uow:
        stored = uow.feed_tokens.get(digest(token))
        owner = uow.users.get(stored.user_id) if stored is not None else None
        if owner is None or not owner.is_active:
            raise feed_not_found()
        entries = uow.calendar_entries.person(owner.id, feed_start(clock.now()), PERSON_FEED_LIMIT)
    return PersonalFeed(owner, CalendarFeed(tuple(entries)))


def public_feed(uow: UnitOfWork, clock: Clock, where: EventFilter) -> CalendarFeed:
    """The soonest PUBLIC_FEED_LIMIT public upcoming events matching `where` (its viewer
    and status are set here). One statement."""
    upcoming = attrs.evolve(where, viewer_id=None, status=EventStatus.UPCOMING, now=clock.now())
    with uow:
        entries = uow.calendar_entries.matching(upcoming, PUBLIC_FEED_LIMIT)
    return CalendarFeed(tuple(entries))


def event_entry(uow: UnitOfWork, viewer_id: UserId | None, event_id: EventId) -> CalendarEntry:
    """One event as a calendar shows it, if the viewer may see it.

    Raises NotFound, also for a private event the viewer may not see.
    """
    with uow:
        event = visible_event(uow, viewer_id, event_id)
        category = uow.categories.get(event.category_id) if event.category_id else None
    return CalendarEntry.of(event, category.name if category is not None else None)


def _issue(uow: UnitOfWork, clock: Clock, secret: str, user_id: UserId) -> FeedLink:
    salt = secrets.token_hex(SALT_BYTES)
    token = FeedToken(
        user_id=user_id,
        token_hash=digest(derive_token(secret, salt)),
        salt=salt,
        created_at=clock.now(),
    )
    uow.feed_tokens.save(token)
    return _link(secret, token)


def _live(secret: str, stored: FeedToken | None) -> FeedToken | None:
    """The stored feed token, unless the server's secret has changed since it was made
    (its link then opens nothing, and the owner is told to make a new one)."""
    if stored is None or digest(derive_token(secret, stored.salt)) != stored.token_hash:
        return None
    return stored


def _link(secret: str, stored: FeedToken) -> FeedLink:
    return FeedLink(derive_token(secret, stored.salt), stored.created_at)
