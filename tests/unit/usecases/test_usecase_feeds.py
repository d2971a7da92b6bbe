"""Private feed links: made, shown again, rotated, revoked, and read by token alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core
from eventcore.domain.errors import NotFound
from eventcore.domain.paging import EventFilter
from eventcore.domain.users import User
from eventcore.domain.views import EventView
from eventcore.usecases import feeds
from eventcore.usecases.token_digest import digest

SECRET = "s" * 64
MakeEvent = Callable[..., EventView]


def test_a_feed_is_made_once_and_shown_again_with_the_same_token(
    core: Core, ada: User, store: MemoryStore
) -> None:
    link, made = feeds.open_feed(core.uow(), core.clock, SECRET, ada.id)
    again, made_again = feeds.open_feed(core.uow(), core.clock, SECRET, ada.id)

    assert (made, made_again) == (True, False)
    assert again == link
    assert feeds.feed_link(core.uow(), SECRET, ada.id) == link
    assert feeds.TOKEN_PATTERN.match(link.token)
    # Only the digest and the salt are kept, never the token.
    (stored,) = store.tables["feed_tokens"].values()
    assert stored.token_hash == digest(link.token)
    assert link.token not in repr(store.tables)


def test_the_token_opens_the_feed_until_it_is_rotated_or_revoked(
    core: Core, ada: User, make_event: MakeEvent
) -> None:
    make_event(ada, title="Mine")
    old = feeds.rotate_feed(core.uow(), core.clock, SECRET, ada.id)
    found = feeds.personal_feed(core.uow(), core.clock, old.token)
    assert found.owner.id == ada.id
    assert [entry.event.title for entry in found.feed.entries] == ["Mine"]

    new = feeds.rotate_feed(core.uow(), core.clock, SECRET, ada.id)
    assert new.token != old.token
    with pytest.raises(NotFound):
        feeds.personal_feed(core.uow(), core.clock, old.token)
    assert feeds.personal_feed(core.uow(), core.clock, new.token).owner.id == ada.id

    feeds.revoke_feed(core.uow(), ada.id)
    with pytest.raises(NotFound):
        feeds.personal_feed(core.uow(), core.clock, new.token)
    with pytest.raises(NotFound):
        feeds.feed_link(core.uow(), SECRET, ada.id)
    with pytest.raises(NotFound):
        feeds.revoke_feed(core.uow(), ada.id)


def test_tokens_are_personal_and_tied_to_the_server_secret(
    core: Core, ada: User, bob: User
) -> None:
    ada_link, _ = feeds.open_feed(core.uow(), core.clock, SECRET, ada.id)
    bob_link, _ = feeds.open_feed(core.uow(), core.clock, SECRET, bob.id)
    assert ada_link.token != bob_link.token
    assert feeds.personal_feed(core.uow(), core.clock, bob_link.token).owner.id == bob.id

    # Under another secret the stored link opens nothing, so none is shown; opening the
    # feed makes a new one.
    with pytest.raises(NotFound):
        feeds.feed_link(core.uow(), "other" * 16, ada.id)
    fresh, made = feeds.open_feed(core.uow(), core.clock, "other" * 16, ada.id)
    assert made
    assert fresh.token != ada_link.token


@pytest.mark.parametrize("token", ["", "short", "A" * 43, "A" * 44, "é" * 43])
def test_a_malformed_or_unknown_token_is_not_found(core: Core, ada: User, token: str) -> None:
    feeds.open_feed(core.uow(), core.clock, SECRET, ada.id)
    with pytest.raises(NotFound) as refused:
        feeds.personal_feed(core.uow(), core.clock, token)
    assert refused.value.field == "token"


def test_a_disabled_account_opens_no_feed(core: Core, ada: User) -> None:
    link, _ = feeds.open_feed(core.uow(), core.clock, SECRET, ada.id)
    with core.uow() as uow:
        uow.users.save(attrs.evolve(ada, is_active=False))
        uow.commit()
    with pytest.raises(NotFound):
        feeds.personal_feed(core.uow(), core.clock, link.token)


def test_the_public_feed_is_public_and_upcoming_whatever_the_filter_asks(
    core: Core, clock: FixedClock, ada: User, make_event: MakeEvent
) -> None:
    make_event(ada, title="Public")
    make_event(ada, title="Private", is_private=True)
    make_event(ada, title="Soon over", starts_at=clock.now() + timedelta(minutes=5))
    clock.advance(timedelta(minutes=10))

    found = feeds.public_feed(core.uow(), core.clock, EventFilter(viewer_id=ada.id))
    assert [entry.event.title for entry in found.entries] == ["Public"]


def test_one_event_is_shown_only_to_who_may_see_it(
    core: Core, ada: User, bob: User, make_event: MakeEvent
) -> None:
    secret = make_event(ada, title="Private", is_private=True)
    assert feeds.event_entry(core.uow(), ada.id, secret.event.id).event.title == "Private"
    for viewer in (bob.id, None):
        with pytest.raises(NotFound):
            feeds.event_entry(core.uow(), viewer, secret.event.id)
