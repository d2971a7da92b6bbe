"""/search/users, /friends and /friend: finding people, and one's friends."""

from __future__ import annotations

from typing import Any

from flask import Response

from eventcore.domain.ids import UserId
from eventcore.domain.social import Ties
from eventcore.http.context import core
from eventcore.http.surfaces.socialcalendar import schemas
from eventcore.http.surfaces.socialcalendar.auth import SECURED, actor, session_required
from eventcore.http.surfaces.socialcalendar.blueprint import socialcalendar_blueprint
from eventcore.usecases import friends, people

blp = socialcalendar_blueprint("people", "Searching people; friends")


@blp.route("/search/users", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.SearchQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.UserOut(many=True))
@blp.alt_response(204, description="Nobody matches")
@blp.alt_response(400, description="filtered_str missing or empty")
@blp.alt_response(401, description="No valid session")
def search(filtered_str: str) -> Any:
    """People whose name or email contains `filtered_str`, in any case."""
    found = people.search_people(core().uow(), filtered_str)
    if not found:
        return Response(status=204)
    return [schemas.user(Ties(user=user)) for user in found]


@blp.route("/friends", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.response(200, schemas.FriendOut(many=True))
@blp.alt_response(204, description="No friends yet")
@blp.alt_response(401, description="No valid session")
def list_friends() -> Any:
    """The caller's friends."""
    found = friends.list_friends(core().uow(), actor().id)
    if not found:
        return Response(status=204)
    return [schemas.person(friend) for friend in found]


@blp.route("/friend", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.FriendTiesOut)
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(404, description="No friend with this id")
def get_friend(id: int) -> dict[str, Any]:
    """A friend, with the events of theirs the caller may see and their friends."""
    return schemas.friend(friends.get_friend(core().uow(), actor().id, UserId(id)))


@blp.route("/friend", methods=["DELETE"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.IdQuery, location="query", as_kwargs=True)
@blp.response(204, description="No longer friends, on either side")
@blp.alt_response(400, description="No id, or not an id")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(404, description="No friend with this id")
def end_friendship(id: int) -> Response:
    """End a friendship."""
    friends.end_friendship(core().uow(), actor().id, UserId(id))
    return Response(status=204)
