"""The socialcalendar session: a cookie set by a login (the code flow's callback or
POST /login), resolved on every other request; and the short-lived pre-login cookie
that ties a code flow to the browser that began it."""

from __future__ import annotations

from eventcore.domain.sessions import LOGIN_ATTEMPT_LIFETIME
from eventcore.http.sessions import CookieSessions, signed_in_user

COOKIES = CookieSessions(surface="socialcalendar", cookie="socialcalendar_session")
LOGIN_BINDING = CookieSessions(
    surface="socialcalendar", cookie="socialcalendar_login", lifetime=LOGIN_ATTEMPT_LIFETIME
)
# The security requirement a view's OpenAPI operation declares.
COOKIE_SCHEME: dict[str, list[str]] = {"sessionCookie": []}
SECURED = {"security": [COOKIE_SCHEME]}

# Run a view only for a request with a valid session; else 401.
session_required = COOKIES.required
actor = signed_in_user
