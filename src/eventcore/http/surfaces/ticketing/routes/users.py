"""/api/users: log in, register, list, read, change and delete accounts."""

from __future__ import annotations

from typing import Any

from eventcore.domain import errors as domain_errors
from eventcore.domain.ids import UserId
from eventcore.domain.users import AccountChanges, Registration, User
from eventcore.http.context import core
from eventcore.http.limits import login_endpoint
from eventcore.http.surfaces.ticketing import schemas
from eventcore.http.surfaces.ticketing.auth import (
    BEARER_SCHEME,
    actor,
    actor_or_none,
    bearer_optional,
    bearer_required,
)
from eventcore.http.surfaces.ticketing.blueprint import ticketing_blueprint
from eventcore.http.surfaces.ticketing.errors import (
    BAD_REQUEST,
    USER_NOT_FOUND,
    Say,
    path_id,
    saying,
)
from eventcore.usecases import accounts, tokens

blp = ticketing_blueprint("users", "Users, roles and JWT login")
secured = {"security": [BEARER_SCHEME]}
user_not_found = Say(domain_errors.NotFound, USER_NOT_FOUND)


def _user_id(raw: str) -> UserId:
    return UserId(path_id(raw, BAD_REQUEST))


@blp.route("/users/login", methods=["POST"])
@saying(
    Say(domain_errors.InvalidValue, "Email and password are required"),
    Say(domain_errors.UnknownLogin, USER_NOT_FOUND, status=404),
    Say(domain_errors.InvalidCredentials, "Invalid password"),
)
@blp.arguments(schemas.LoginIn)
@blp.response(200, schemas.TokenOut)
@blp.alt_response(400, description="Email and password are required")
@blp.alt_response(401, description="Invalid password")
@blp.alt_response(404, description="User not found")
@login_endpoint
def login(data: dict[str, str]) -> dict[str, str]:
    c = core()
    token = tokens.log_in_for_access_token(
        c.uow(), c.clock, c.hasher, c.tokens, email=data["email"], password=data["password"]
    )
    return {"token": token}


@blp.route("/users", methods=["POST"])
@bearer_optional
@blp.doc(
    description="Anyone may register an ordinary user; only an admin's token may ask "
    "for access_type Admin or Moderator (otherwise 403).",
    # The token is optional: `{}` is the anonymous alternative.
    security=[{}, *secured["security"]],
)
@blp.arguments(schemas.UserIn)
@blp.response(201, schemas.NewUserOut)
@blp.alt_response(400, description="Invalid input, or the email is already in use")
@blp.alt_response(403, description="Only an admin grants Admin or Moderator")
@login_endpoint
def create_user(registration: Registration) -> dict[str, User]:
    c = core()
    registrar = actor_or_none()
    user = accounts.register(
        c.uow(),
        c.clock,
        c.hasher,
        registration,
        registrar_id=registrar.id if registrar else None,
    )
    return {"newUser": user}


@blp.route("/users", methods=["GET"])
@bearer_required
@blp.doc(**secured)
@blp.response(200, schemas.UsersOut)
@blp.alt_response(401, description="Token missing")
@blp.alt_response(403, description="Admins only")
def list_users() -> dict[str, Any]:
    return {"users": accounts.list_users(core().uow(), actor().id)}


@blp.route("/users/<user_id>", methods=["GET"])
@bearer_required
@saying(user_not_found)
@blp.doc(**secured)
@blp.response(200, schemas.OneUserOut)
@blp.alt_response(400, description="Invalid user ID")
@blp.alt_response(404, description="User not found")
def get_user(user_id: str) -> dict[str, User]:
    return {"user": accounts.get_profile(core().uow(), _user_id(user_id))}


@blp.route("/users/<user_id>", methods=["PATCH"])
@bearer_required
@saying(user_not_found)
@blp.doc(**secured)
@blp.arguments(schemas.UserPatchIn)
@blp.response(200, schemas.UpdatedUserOut)
@blp.alt_response(400, description="Invalid input, or an unknown field")
@blp.alt_response(403, description="Not your own account")
@blp.alt_response(404, description="User not found")
def update_user(changes: AccountChanges, user_id: str) -> dict[str, User]:
    c = core()
    user = accounts.change_account(c.uow(), c.clock, actor().id, _user_id(user_id), changes)
    return {"updatedUser": user}


@blp.route("/users/<user_id>", methods=["DELETE"])
@bearer_required
@saying(user_not_found)
@blp.doc(**secured)
@blp.response(200, schemas.ErasedUserOut)
@blp.alt_response(400, description="Invalid user ID")
@blp.alt_response(403, description="Not your own account")
@blp.alt_response(404, description="User not found")
@blp.alt_response(409, description="The account still owns events")
def delete_user(user_id: str) -> dict[str, User]:
    c = core()
    user = accounts.delete_account(c.uow(), c.clock, c.notifier, actor().id, _user_id(user_id))
    return {"erasedUser": user}
