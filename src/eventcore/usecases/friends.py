"""Friends: the list, one friend with their ties, and ending a friendship (both ways).

People become friends by accepting an invite (usecases/invites.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain.errors import NotFound
from eventcore.domain.ids import UserId
from eventcore.domain.social import Ties
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.people import ties_in

NOT_A_FRIEND = "No friend with this id."


def list_friends(uow: UnitOfWork, user_id: UserId) -> Sequence[User]:
    """The user's friends, by id."""
    with uow.reading():
        return uow.users.get_many(uow.friendships.friends_of(user_id))


def get_friend(uow: UnitOfWork, user_id: UserId, friend_id: UserId) -> Ties:
    """A friend with the events of theirs the user may see and their friends.

    Raises NotFound (id) when they are not friends.
    """
    with uow.reading():
        friend = uow.users.get(friend_id) if _friends(uow, user_id, friend_id) else None
        if friend is None:
            raise NotFound(NOT_A_FRIEND, field="id")
        return ties_in(uow, friend, viewer_id=user_id)


def end_friendship(uow: UnitOfWork, user_id: UserId, friend_id: UserId) -> None:
    """They are no longer friends, on either side; their direct chat stays, with its
    history. Raises NotFound (id) when they were not friends."""
    with uow:
        if user_id == friend_id or not uow.friendships.remove(user_id, friend_id):
            raise NotFound(NOT_A_FRIEND, field="id")
        uow.commit()


def _friends(uow: UnitOfWork, user_id: UserId, other_id: UserId) -> bool:
    return user_id != other_id and uow.friendships.are_friends(user_id, other_id)
