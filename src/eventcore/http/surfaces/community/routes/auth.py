"""/api/auth: sign in with a Google ID token, who am I, log out."""

from __future__ import annotations

from typing import Any

from flask import Response, after_this_request

from eventcore.http.context import core
from eventcore.http.limits import login_endpoint
from eventcore.http.surfaces.community import schemas
from eventcore.http.surfaces.community.auth import COOKIE_SCHEME, COOKIES, actor, session_required
from eventcore.http.surfaces.community.blueprint import community_blueprint
from eventcore.http.surfaces.community.errors import Speech, speaking
from eventcore.usecases import sessions
from eventcore.usecases.google_sign_in import sign_in_with_google

blp = community_blueprint("auth", "Sign in with Google; a session cookie keeps you signed in")
secured = {"security": [COOKIE_SCHEME]}


@blp.route("/auth", methods=["POST"])
@login_endpoint
@speaking(Speech(invalid="Invalid token.", invalid_only=True))
@blp.arguments(schemas.AuthIn)
@blp.response(200, schemas.AuthOut, description="Signed in; the session cookie is set")
@blp.alt_response(400, description="Invalid token.")
@blp.alt_response(403, description="Token is of unknown origin")
@blp.alt_response(503, description="Google login is not configured")
def authenticate(body: dict[str, str]) -> dict[str, Any]:
    c = core()
    opened = sign_in_with_google(c.uow(), c.clock, c.google, body["token"])

    @after_this_request
    def set_cookie(response: Response) -> Response:
        COOKIES.set(response, opened.token)
        return response

    brief = schemas.user_brief(opened.user)
    return {
        "message": "success",
        "name": brief["name"],
        "email": brief["email"],
        "avatar": brief["avatar"],
        "data": brief,
    }


@blp.route("/auth/@me", methods=["GET"])
@session_required
@blp.doc(**secured)
@blp.response(200, schemas.MeOut)
@blp.alt_response(401, description="No valid session")
def me() -> dict[str, Any]:
    return {"message": "success", "data": schemas.user_brief(actor())}


@blp.route("/auth/logout", methods=["GET", "POST"])
@session_required
@blp.doc(**secured)
@blp.response(204, description="The session is ended and its cookie cleared")
@blp.alt_response(401, description="No valid session")
def logout() -> Response:
    sessions.end_session(core().uow(), COOKIES.token())
    response = Response(status=204)
    COOKIES.clear(response)
    return response
