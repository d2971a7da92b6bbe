"""/login (Google's consent page, or a Google ID token), /login/callback, /logout, /user.

GET /login sends the browser to Google with a `state`, a `nonce` and a PKCE
challenge kept server-side (usecases/google_code_flow.py), tied to this browser by
a short-lived pre-login cookie; GET /login/callback finishes it. POST /login signs
in a client that already holds an ID token. Each login opens a new session, whose
cookie replaces any earlier one.
"""

from __future__ import annotations

from typing import Any

from flask import Response, after_this_request, redirect, url_for
from werkzeug.wrappers import Response as AnyResponse

from eventcore.domain.identity import GoogleCodeRefused
from eventcore.http.context import core
from eventcore.http.limits import login_endpoint
from eventcore.http.surfaces.socialcalendar import schemas
from eventcore.http.surfaces.socialcalendar.auth import (
    COOKIES,
    LOGIN_BINDING,
    SECURED,
    actor,
    session_required,
)
from eventcore.http.surfaces.socialcalendar.blueprint import socialcalendar_blueprint
from eventcore.usecases import google_code_flow, people, sessions
from eventcore.usecases.google_sign_in import sign_in_with_google

blp = socialcalendar_blueprint("login", "Signing in with a Google account; the current user")

CANCELLED = "Google sign-in was not completed: {error}."


@blp.route("/login", methods=["GET"])
@login_endpoint
@blp.response(302, description="To Google's consent page; sets the pre-login cookie")
@blp.alt_response(503, description="Google login is not configured")
def begin_login() -> AnyResponse:
    """Send the browser to Google's consent page."""
    c = core()
    begun = google_code_flow.begin_google_login(
        c.uow(),
        c.clock,
        c.google_authorization,
        redirect_uri=_callback_url(),
        binding=LOGIN_BINDING.token(),
    )
    response = redirect(begun.consent_url, code=302)
    LOGIN_BINDING.set(response, begun.binding)
    return response


@blp.route("/login/callback", methods=["GET"])
@login_endpoint
@blp.arguments(schemas.CallbackQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.UserOut, description="Signed in; the session cookie is set")
@blp.alt_response(302, description="Signed in, to EVENTCORE_LOGIN_REDIRECT when it is set")
@blp.alt_response(400, description="No code")
@blp.alt_response(401, description="Google refused the code, or the ID token is not trusted")
@blp.alt_response(403, description="A state this browser was not given, or an expired one")
def finish_login(code: str, state: str, error: str) -> Any:
    """Finish the sign-in Google's consent page sent the browser back from."""
    c = core()
    if error:
        raise GoogleCodeRefused(CANCELLED.format(error=error[:100]), field="code")
    opened = google_code_flow.finish_google_login(
        c.uow(),
        c.clock,
        c.google_authorization,
        c.google,
        redirect_uri=_callback_url(),
        binding=LOGIN_BINDING.token(),
        state=state,
        code=code,
    )
    _replace_session(opened.token)
    if c.settings.login_redirect:
        return redirect(c.settings.login_redirect, code=302)
    return schemas.user(people.ties_of(c.uow(), opened.user.id))


@blp.route("/login", methods=["POST"])
@login_endpoint
@blp.arguments(schemas.LoginIn)
@blp.response(200, schemas.UserOut, description="Signed in; the session cookie is set")
@blp.alt_response(400, description="No token, or not a JWT")
@blp.alt_response(401, description="Not a Google ID token for this server")
@blp.alt_response(503, description="Google login is not configured")
def login_with_token(body: dict[str, str]) -> dict[str, Any]:
    """Sign in with a Google ID token the client already holds."""
    c = core()
    opened = sign_in_with_google(c.uow(), c.clock, c.google, body["token"])
    _replace_session(opened.token)
    return schemas.user(people.ties_of(c.uow(), opened.user.id))


@blp.route("/logout", methods=["GET"])
@blp.response(204, description="The session is ended and its cookie cleared")
def logout() -> Response:
    """End the session (nothing to end is fine too)."""
    sessions.end_session(core().uow(), COOKIES.token())
    response = Response(status=204)
    COOKIES.clear(response)
    return response


@blp.route("/user", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.response(200, schemas.UserOut)
@blp.alt_response(401, description="No valid session")
def current_user() -> dict[str, Any]:
    """The signed-in user with their events, friends, chats and invites."""
    return schemas.user(people.ties_of(core().uow(), actor().id))


def _callback_url() -> str:
    return url_for("socialcalendar_login.finish_login", _external=True)


def _replace_session(token: str) -> None:
    """Set the new session's cookie, and end the session the browser held before."""
    earlier = COOKIES.token()
    if earlier:
        sessions.end_session(core().uow(), earlier)

    @after_this_request
    def set_cookies(response: Response) -> Response:
        COOKIES.set(response, token)
        LOGIN_BINDING.clear(response)
        return response
