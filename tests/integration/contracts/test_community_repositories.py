"""The repositories of sessions, comments, likes, groups and memberships, and the Google
subject lookup, behave alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from eventcore.domain.comments import Comment, CommentImage, Like
from eventcore.domain.credentials import Credentials
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.events import Event
from eventcore.domain.groups import Group, Membership
from eventcore.domain.sessions import SESSION_LIFETIME, new_session
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


def test_sessions_are_kept_by_digest_many_per_user(
    uow_factory: UowFactory, add_user: Callable[..., User], now: datetime
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    with uow_factory() as uow:
        uow.sessions.add(new_session("b" * 64, ada.id, now + timedelta(seconds=1)))
        uow.sessions.add(new_session("a" * 64, ada.id, now))
        uow.sessions.add(new_session("c" * 64, bob.id, now))
        uow.commit()
    with uow_factory() as uow:
        found = uow.sessions.get("a" * 64)
        assert found is not None
        assert found.user_id == ada.id
        assert found.expires_at == now + SESSION_LIFETIME
        assert [s.token_hash for s in uow.sessions.for_user(ada.id)] == ["a" * 64, "b" * 64]
        uow.sessions.delete("a" * 64)
        uow.sessions.delete("z" * 64)
        uow.commit()
    with uow_factory() as uow:
        assert uow.sessions.get("a" * 64) is None
        assert [s.token_hash for s in uow.sessions.for_user(ada.id)] == ["b" * 64]
        assert uow.sessions.get("c" * 64) is not None


def test_credentials_are_found_by_their_google_subject(
    uow_factory: UowFactory, add_user: Callable[..., User]
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    with uow_factory() as uow:
        uow.credentials.save(Credentials(user_id=ada.id, google_subject="sub-ada"))
        uow.credentials.save(Credentials(user_id=bob.id, password_hash="hash"))
        uow.commit()
    with uow_factory() as uow:
        found = uow.credentials.find_by_google_subject("sub-ada")
        assert found == Credentials(user_id=ada.id, google_subject="sub-ada")
        assert uow.credentials.find_by_google_subject("sub-bob") is None
        assert uow.credentials.find_by_google_subject("") is None
        assert uow.credentials.find_by_google_subject("nul\x00") is None
        with pytest.raises(AlreadyExists):
            uow.credentials.save(Credentials(user_id=bob.id, google_subject="sub-ada"))


@pytest.fixture
def party(add_user: Callable[..., User], add_event: Callable[..., Event]) -> Event:
    return add_event(add_user(username="owner").id, title="Party")


def test_comments_images_and_one_like_per_user(
    uow_factory: UowFactory, add_user: Callable[..., User], party: Event, now: datetime
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    with uow_factory() as uow:
        first = uow.comments.add(
            Comment(event_id=party.id, user_id=ada.id, body="Hi", created_at=now, updated_at=now)
        )
        second = uow.comments.add(
            Comment(event_id=party.id, user_id=bob.id, body="Yo", created_at=now, updated_at=now)
        )
        image = uow.comments.add_image(
            CommentImage(comment_id=first.id, url="https://example.org/a.png", created_at=now)
        )
        uow.comments.add_like(Like(comment_id=first.id, user_id=bob.id, created_at=now))
        uow.comments.add_like(Like(comment_id=first.id, user_id=ada.id, created_at=now))
        uow.commit()
    with uow_factory() as uow:
        assert uow.comments.get(first.id) == first
        assert uow.comments.lock(second.id) == second
        assert uow.comments.of_event(party.id) == [first, second]
        assert uow.comments.images_of(first.id) == [image]
        assert uow.comments.images_of(second.id) == []
        assert uow.comments.like_count(first.id) == 2
        assert uow.comments.likes(first.id, bob.id)
        assert not uow.comments.likes(second.id, bob.id)
        with pytest.raises(AlreadyExists) as clash:
            uow.comments.add_like(Like(comment_id=first.id, user_id=bob.id, created_at=now))
        assert clash.value.field == "comment_id"
        # The refusal leaves the unit of work usable.
        assert uow.comments.remove_like(first.id, bob.id)
        assert not uow.comments.remove_like(first.id, bob.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.comments.like_count(first.id) == 1
        assert not uow.comments.likes(first.id, bob.id)


def test_groups_and_one_membership_per_user(
    uow_factory: UowFactory, add_user: Callable[..., User], now: datetime
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    with uow_factory() as uow:
        friends = uow.groups.add(
            Group(title="Friends", creator_id=ada.id, created_at=now, updated_at=now)
        )
        other = uow.groups.add(
            Group(title="Other", creator_id=bob.id, created_at=now, updated_at=now)
        )
        uow.groups.add_member(Membership(group_id=friends.id, user_id=ada.id, created_at=now))
        uow.groups.add_member(
            Membership(group_id=friends.id, user_id=bob.id, created_at=now + timedelta(seconds=1))
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.groups.get(friends.id) == friends
        assert uow.groups.lock(other.id) == other
        assert uow.groups.list() == [friends, other]
        assert [m.user_id for m in uow.groups.members(friends.id)] == [ada.id, bob.id]
        with pytest.raises(AlreadyExists) as clash:
            uow.groups.add_member(Membership(group_id=friends.id, user_id=bob.id, created_at=now))
        assert clash.value.field == "user_id"
        assert uow.groups.remove_member(friends.id, bob.id)
        assert not uow.groups.remove_member(friends.id, bob.id)
        renamed = Group(
            id=friends.id, title="Pals", creator_id=ada.id, created_at=now, updated_at=now
        )
        uow.groups.save(renamed)
        uow.commit()
    with uow_factory() as uow:
        assert uow.groups.get(friends.id) == renamed
        assert [m.user_id for m in uow.groups.members(friends.id)] == [ada.id]
        uow.groups.delete(friends.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.groups.get(friends.id) is None
        assert uow.groups.members(friends.id) == []
        assert uow.groups.list() == [other]
