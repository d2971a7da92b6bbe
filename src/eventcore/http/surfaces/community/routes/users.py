"""/api/users/<id>: one's own profile, and interest in events."""

from __future__ import annotations

from typing import Any

from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import AccountChanges
from eventcore.http.context import core
from eventcore.http.surfaces.community import schemas
from eventcore.http.surfaces.community.auth import COOKIE_SCHEME, actor, session_required
from eventcore.http.surfaces.community.blueprint import community_blueprint
from eventcore.http.surfaces.community.errors import Speech, Worded, speaking
from eventcore.usecases import accounts, interests

blp = community_blueprint("users", "Profiles and interest in events")
secured = {"security": [COOKIE_SCHEME]}
NOT_YOURS = "You are not authorized to access this user's profile."
NOT_ALLOWED = "you are not allowed to perform such actions"
profile_speech = Speech(invalid="your request could not be completed", not_found="User not found")
interest_speech = Speech(
    invalid="Something went wrong", not_found="User or Event not found", forbidden=NOT_ALLOWED
)


def _own(user_id: int) -> None:
    # The seed answers another user's profile with 401, for reading and writing.
    if actor().id != user_id:
        raise Worded(401, NOT_YOURS)


@blp.route("/users/<int:user_id>", methods=["GET"])
@session_required
@speaking(profile_speech)
@blp.doc(**secured)
@blp.response(200, schemas.ProfileOut)
@blp.alt_response(401, description=NOT_YOURS)
def get_profile(user_id: int) -> dict[str, Any]:
    _own(user_id)
    user = accounts.get_profile(core().uow(), UserId(user_id))
    return {"message": "user details fetched successfully", "data": schemas.user_out(user)}


@blp.route("/users/<int:user_id>", methods=["PUT"])
@session_required
@speaking(profile_speech)
@blp.doc(**secured)
@blp.arguments(schemas.ProfileIn)
@blp.response(201, schemas.ProfileOut)
@blp.alt_response(400, description="your request could not be completed: <field> ...")
@blp.alt_response(401, description=NOT_YOURS)
def update_profile(body: dict[str, Any], user_id: int) -> tuple[dict[str, Any], int]:
    _own(user_id)
    values = dict(body)
    if "name" in values:
        values["display_name"] = values.pop("name")
    c = core()
    user = accounts.change_account(
        c.uow(), c.clock, actor().id, UserId(user_id), AccountChanges(**values)
    )
    message = f"user {user_id} details updated successfully"
    return {"message": message, "data": schemas.user_out(user)}, 201


def _interest_data(user_id: int, event_id: int) -> str:
    return f"{user_id} has shown interest in {event_id}"


@blp.route("/users/<int:user_id>/interests/<int:event_id>", methods=["POST"])
@session_required
@speaking(interest_speech)
@blp.doc(**secured)
@blp.response(200, schemas.TextOut)
@blp.alt_response(403, description=NOT_ALLOWED)
@blp.alt_response(404, description="User or Event not found")
def show_interest(user_id: int, event_id: int) -> dict[str, str]:
    c = core()
    new = interests.show_interest(c.uow(), c.clock, actor().id, UserId(user_id), EventId(event_id))
    message = "Interest registered." if new else "Interest cannot be registered twice."
    return {"message": message, "data": _interest_data(user_id, event_id)}


@blp.route("/users/<int:user_id>/interests/<int:event_id>", methods=["DELETE"])
@session_required
@speaking(interest_speech)
@blp.doc(**secured)
@blp.response(200, schemas.TextOut)
@blp.alt_response(403, description=NOT_ALLOWED)
@blp.alt_response(404, description="User or Event not found")
def withdraw_interest(user_id: int, event_id: int) -> dict[str, str]:
    removed = interests.withdraw_interest(
        core().uow(), actor().id, UserId(user_id), EventId(event_id)
    )
    if removed:
        return {"message": "Interest deleted", "data": "No content"}
    return {"message": "user has not previously shown interest", "data": "Nothing to delete"}
