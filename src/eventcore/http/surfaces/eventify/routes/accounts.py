"""/api/user/: register, login, status, logout."""

from __future__ import annotations

from typing import Any

from eventcore.domain.users import Registration
from eventcore.http.context import core
from eventcore.http.limits import login_endpoint
from eventcore.http.surfaces.eventify import schemas
from eventcore.http.surfaces.eventify.auth import actor, token_required
from eventcore.http.surfaces.eventify.blueprint import (
    eventify_account_blueprint,
    eventify_blueprint,
)
from eventcore.usecases import opaque_tokens

# Registration and login answer errors as {"errors": {...}}; status and logout, which
# take a token, in the standard body.
sign_in = eventify_account_blueprint("sign_in", "/api/user", "Registration and login")
session = eventify_blueprint("session", "/api/user", "Token status and logout")


@sign_in.route("/register/", methods=["POST"])
@sign_in.arguments(schemas.RegisterIn)
@sign_in.response(201, schemas.RegisteredOut)
@sign_in.alt_response(400, description="Invalid fields, or email or phone number taken")
@login_endpoint
def register(registration: Registration) -> opaque_tokens.IssuedApiToken:
    c = core()
    return opaque_tokens.sign_up(c.uow(), c.clock, c.hasher, registration)


@sign_in.route("/login/", methods=["POST"])
@sign_in.arguments(schemas.LoginIn)
@sign_in.response(200, schemas.LoggedInOut)
@sign_in.alt_response(401, description="Invalid credentials")
@login_endpoint
def login(data: dict[str, Any]) -> opaque_tokens.IssuedApiToken:
    c = core()
    return opaque_tokens.log_in(
        c.uow(), c.clock, c.hasher, login=data["username"], password=data["password"]
    )


@session.route("/status/", methods=["POST"])
@token_required
@session.arguments(schemas.TokenIn)
@session.response(200, schemas.StatusOut)
@session.alt_response(401, description="Invalid token")
def status(_: dict[str, Any]) -> Any:
    return actor()


@session.route("/logout/", methods=["POST"])
@token_required
@session.arguments(schemas.TokenIn)
@session.response(200, schemas.LoggedOutOut)
@session.alt_response(401, description="Invalid token")
def logout(_: dict[str, Any]) -> dict[str, str]:
    opaque_tokens.revoke(core().uow(), actor().id)
    return {}
