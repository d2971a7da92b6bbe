"""/api/v1/auth/: register, login, refresh, logout, profile."""

from __future__ import annotations

from typing import Any

from flask import request

from eventcore.domain import users as user_rules
from eventcore.domain.media import Upload
from eventcore.domain.users import ProfileChanges, Registration
from eventcore.http.context import core
from eventcore.http.limits import login_endpoint
from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces.gatherhub import schemas
from eventcore.http.surfaces.gatherhub.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.usecases import accounts, tokens

blp = gatherhub_blueprint("auth", "/api/v1/auth", "Accounts and JWT tokens")


@blp.route("/register/", methods=["POST"])
@blp.arguments(schemas.RegisterIn)
@blp.response(201, schemas.RegisteredOut)
@blp.alt_response(400, description="Validation errors")
@blp.alt_response(409, description="Username or email already exists")
@login_endpoint
def register(registration: Registration) -> tokens.SignedIn:
    c = core()
    return tokens.sign_up(c.uow(), c.clock, c.hasher, c.tokens, registration)


@blp.route("/login/", methods=["POST"])
@blp.arguments(schemas.LoginIn)
@blp.response(200, schemas.SignedInOut)
@blp.alt_response(400, description="Invalid credentials")
@blp.alt_response(401, description="Account disabled")
@login_endpoint
def login(data: dict[str, Any]) -> tokens.SignedIn:
    c = core()
    return tokens.log_in(
        c.uow(), c.clock, c.hasher, c.tokens, login=data["username"], password=data["password"]
    )


@blp.route("/refresh/", methods=["POST"])
@blp.arguments(schemas.RefreshIn)
@blp.response(200, schemas.TokensOut)
@blp.alt_response(401, description="Invalid or expired refresh token")
@login_endpoint
def refresh(data: dict[str, Any]) -> Any:
    c = core()
    return tokens.refresh_tokens(c.uow(), c.clock, c.tokens, data["refresh"])


@blp.route("/logout/", methods=["POST"])
@bearer_required
@blp.doc(security=[BEARER_SCHEME])
@blp.arguments(schemas.RefreshIn)
@blp.response(200, schemas.MessageOut)
def logout(data: dict[str, Any]) -> dict[str, str]:
    c = core()
    tokens.log_out(c.uow(), c.clock, c.tokens, actor().id, data["refresh"])
    return {"message": "Successfully logged out"}


@blp.route("/profile/", methods=["GET"])
@bearer_required
@blp.doc(security=[BEARER_SCHEME])
@blp.response(200, schemas.ProfileOut)
def profile() -> Any:
    return accounts.get_profile(core().uow(), actor().id)


# The profile comes as JSON, or as a multipart form that may carry an avatar file.
_PROFILE_FORM = {
    "type": "object",
    "properties": {
        "first_name": {"type": "string", "maxLength": user_rules.NAME_MAX_LENGTH},
        "last_name": {"type": "string", "maxLength": user_rules.NAME_MAX_LENGTH},
        "bio": {"type": "string", "maxLength": user_rules.BIO_MAX_LENGTH},
        "avatar": {"type": "string", "format": "binary"},
    },
}


@blp.route("/profile/", methods=["PUT"])
@bearer_required
@blp.doc(
    security=[BEARER_SCHEME],
    summary="Update the profile; a multipart form may upload an avatar",
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": schemas.ProfileIn},
            "multipart/form-data": {"schema": _PROFILE_FORM},
        },
    },
)
@blp.response(200, schemas.ProfileOut)
def update_profile() -> Any:
    changes: ProfileChanges = Blueprint.ARGUMENTS_PARSER.parse(
        schemas.ProfileIn(), request, location="json_or_form"
    )
    c = core()
    file = request.files.get("avatar")
    avatar = Upload(file.filename or "", file.read()) if file else None
    return accounts.update_profile(c.uow(), c.clock, c.media, actor().id, changes, avatar)
