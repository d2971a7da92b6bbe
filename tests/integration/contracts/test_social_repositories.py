"""The repositories of friendships, invites and chats with their messages behave alike
on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from eventcore.domain.errors import AlreadyExists
from eventcore.domain.events import Event
from eventcore.domain.ids import UserId
from eventcore.domain.sessions import LoginAttempt
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


def test_deleting_a_user_or_an_event_takes_their_social_rows_along(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    now: datetime,
) -> None:
    ada, bob, cy = add_user(username="ada"), add_user(username="bob"), add_user(username="cy")
    party = add_event(cy.id, title="Party")
    with uow_factory() as uow:
        uow.friendships.add(new_friendship(ada.id, bob.id, now))
        uow.friendships.add(new_friendship(bob.id, cy.id, now))
        direct = uow.chats.add(direct_chat(ada.id, bob.id, now))
        party_chat = uow.chats.add(event_chat(party.id, now))
        uow.chats.add_message(new_message(direct, ada.id, "hi", now))
        bobs = uow.chats.add_message(new_message(party_chat, bob.id, "hello", now))
        to_ada = uow.invites.add(friend_invite(cy.id, ada.id, now))
        from_ada = uow.invites.add(event_invite(ada.id, bob.id, party.id, now))
        to_bob = uow.invites.add(event_invite(cy.id, bob.id, party.id, now))
        uow.commit()

    with uow_factory() as uow:
        uow.users.delete(ada.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.friendships.friends_of(bob.id) == [cy.id]
        assert uow.chats.get(direct.id) is None
        assert uow.chats.messages(direct.id) == []
        assert uow.invites.get(to_ada.id) is None
        assert uow.invites.get(from_ada.id) is None
        assert uow.invites.get(to_bob.id) is not None
        assert uow.chats.messages(party_chat.id) == [bobs]

    with uow_factory() as uow:
        uow.events.delete(party.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.chats.get(party_chat.id) is None
        assert uow.chats.of_event(party.id) is None
        assert uow.chats.messages(party_chat.id) == []
        assert uow.invites.get(to_bob.id) is None
        assert uow.friendships.friends_of(bob.id) == [cy.id]


def test_a_login_attempt_is_taken_once_and_old_ones_are_purged(
    uow_factory: UowFactory, now: datetime
) -> None:
    def attempt(state: str, begun: datetime) -> LoginAttempt:
        return LoginAttempt(
            state_hash=state,
            binding_hash=f"binding-{state}",
            nonce=f"nonce-{state}",
            code_verifier=f"verifier-{state}",
            created_at=begun,
        )

    with uow_factory() as uow:
        uow.login_attempts.add(attempt("fresh", now))
        uow.login_attempts.add(attempt("stale", now - timedelta(minutes=11)))
        uow.commit()
    with uow_factory() as uow:
        uow.login_attempts.purge(now - timedelta(minutes=10))
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_attempts.take("stale") is None
        assert uow.login_attempts.take("fresh") == attempt("fresh", now)
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_attempts.take("fresh") is None


def test_people_are_found_by_any_part_of_their_names_or_email_in_any_case(
    uow_factory: UowFactory, add_user: Callable[..., User]
) -> None:
    ada = add_user(username="ada", email="Ada.Lovelace@Example.org", display_name="Ádá Łovelace")
    add_user(username="bob", email="bob@example.org")
    with uow_factory() as uow:
        assert uow.users.search("lovelace", 10) == [ada]
        assert uow.users.search("ÁDÁ ł", 10) == [ada]
        assert [u.username for u in uow.users.search("EXAMPLE.ORG", 10)] == ["ada", "bob"]
        assert len(uow.users.search("example", 1)) == 1
        assert uow.users.search("100%", 10) == []
        assert uow.users.search("\x00", 10) == []
        assert uow.users.get_many([UserId(424242), ada.id]) == [ada]
