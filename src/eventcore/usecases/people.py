"""People as the social calendar shows them: a user with the ids of their events,
friends, chats and invites, and the search for people to befriend."""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain.errors import InvalidValue, Reason
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.social import Ties
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user

# A search answers at most this many people; type more of the name to narrow it.
SEARCH_LIMIT = 50


def ties_of(uow: UnitOfWork, user_id: UserId) -> Ties:
    """The user with their events, friends, chats and waiting invites.

    Raises NotFound when there is no such user.
    """
    with uow.reading():
        return ties_in(uow, existing_user(uow, user_id), viewer_id=user_id)


def ties_in(uow: UnitOfWork, user: User, *, viewer_id: UserId) -> Ties:
    """`user`'s ties inside the caller's open unit of work, as `viewer_id` may see them:
    only the events the viewer may see, and only the user's own chats and invites
    when the viewer is the user."""
    events = event_ids_of(uow, user.id, viewer_id=viewer_id)
    friends = tuple(uow.friendships.friends_of(user.id))
    if viewer_id != user.id:
        return Ties(user=user, event_ids=events, friend_ids=friends)
    credentials = uow.credentials.get(user.id)
    return Ties(
        user=user,
        google_subject=credentials.google_subject if credentials is not None else None,
        event_ids=events,
        friend_ids=friends,
        chat_ids=tuple(chat.id for chat in uow.chats.visible_to(user.id, events)),
        invite_ids=tuple(invite.id for invite in uow.invites.for_receiver(user.id)),
    )


def event_ids_of(uow: UnitOfWork, user_id: UserId, *, viewer_id: UserId) -> tuple[EventId, ...]:
    """The events the user made or takes part in that the viewer may see, by id."""
    where = EventFilter(member_id=user_id, viewer_id=viewer_id)
    found = uow.event_queries.page(where, PageRequest.all_items())
    return tuple(sorted(view.event.id for view in found.items))


def search_people(uow: UnitOfWork, text: str) -> Sequence[User]:
    """Active users whose name or email contains `text`, in any case, by id (at most
    SEARCH_LIMIT). Raises InvalidValue (search) when it is blank."""
    needle = text.strip()
    if not needle:
        raise InvalidValue("search", Reason.BLANK)
    with uow.reading():
        return [user for user in uow.users.search(needle, SEARCH_LIMIT) if user.is_active]
