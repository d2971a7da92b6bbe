"""The repositories of friendships, invites and chats with their messages behave alike
on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from eventcore.domain.errors import AlreadyExists
from eventcore.domain.events import Event
from eventcore.domain.social import (
    direct_chat,
    event_chat,
    event_invite,
    friend_invite,
    new_friendship,
    new_message,
)
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


def test_one_friendship_per_pair_whichever_asked(
    uow_factory: UowFactory, add_user: Callable[..., User], now: datetime
) -> None:
    ada, bob, cy = add_user(username="ada"), add_user(username="bob"), add_user(username="cy")
    with uow_factory() as uow:
        uow.friendships.add(new_friendship(bob.id, ada.id, now))
        uow.friendships.add(new_friendship(cy.id, bob.id, now))
        uow.commit()
    with uow_factory() as uow:
        assert uow.friendships.are_friends(ada.id, bob.id)
        assert uow.friendships.are_friends(bob.id, ada.id)
        assert not uow.friendships.are_friends(ada.id, cy.id)
        assert uow.friendships.friends_of(bob.id) == [ada.id, cy.id]
        with pytest.raises(AlreadyExists) as clash:
            uow.friendships.add(new_friendship(ada.id, bob.id, now))
        assert clash.value.field == "id"
        # The refusal leaves the unit of work usable.
        assert uow.friendships.remove(bob.id, ada.id)
        assert not uow.friendships.remove(ada.id, bob.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.friendships.friends_of(bob.id) == [cy.id]
        assert uow.friendships.friends_of(ada.id) == []


def test_invites_are_kept_for_their_receiver_until_answered(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    party = add_event(ada.id, title="Party")
    with uow_factory() as uow:
        friend = uow.invites.add(friend_invite(ada.id, bob.id, now))
        to_party = uow.invites.add(event_invite(ada.id, bob.id, party.id, now))
        uow.commit()
    with uow_factory() as uow:
        assert uow.invites.get(friend.id) == friend
        assert uow.invites.lock(to_party.id) == to_party
        assert to_party.event_id == party.id
        assert uow.invites.for_receiver(bob.id) == [friend, to_party]
        assert uow.invites.for_receiver(ada.id) == []
        assert uow.invites.delete(friend.id)
        assert not uow.invites.delete(friend.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.invites.get(friend.id) is None
        assert uow.invites.for_receiver(bob.id) == [to_party]


def test_one_chat_per_event_and_per_pair_with_messages_in_writing_order(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    ada, bob, cy = add_user(username="ada"), add_user(username="bob"), add_user(username="cy")
    party = add_event(ada.id, title="Party")
    with uow_factory() as uow:
        of_party = uow.chats.add(event_chat(party.id, now))
        pair = uow.chats.add(direct_chat(bob.id, ada.id, now))
        other = uow.chats.add(direct_chat(bob.id, cy.id, now))
        later = uow.chats.add_message(new_message(pair, ada.id, " Hi ", now + timedelta(seconds=1)))
        first = uow.chats.add_message(new_message(pair, bob.id, "Yo", now))
        uow.commit()
    with uow_factory() as uow:
        assert uow.chats.get(pair.id) == pair
        assert (pair.user_id_1, pair.user_id_2) == (ada.id, bob.id)
        assert uow.chats.of_event(party.id) == of_party
        assert uow.chats.direct(bob.id, ada.id) == pair
        assert uow.chats.direct(ada.id, cy.id) is None
        assert uow.chats.visible_to(ada.id, [party.id]) == [of_party, pair]
        assert uow.chats.visible_to(bob.id, []) == [pair, other]
        assert uow.chats.messages(pair.id) == [first, later]
        assert later.text == "Hi"
        for again in (event_chat(party.id, now), direct_chat(ada.id, bob.id, now)):
            with pytest.raises(AlreadyExists):
                uow.chats.add(again)
        edited = first.__class__(
            id=first.id,
            chat_id=first.chat_id,
            user_id=first.user_id,
            text="Yo!",
            created_at=first.created_at,
            updated_at=now + timedelta(seconds=5),
        )
        uow.chats.save_message(edited)
        assert uow.chats.delete_message(later.id)
        assert not uow.chats.delete_message(later.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.chats.get_message(first.id) == edited
        assert uow.chats.get_message(later.id) is None
        assert uow.chats.messages(pair.id) == [edited]
        assert uow.chats.messages(other.id) == []
