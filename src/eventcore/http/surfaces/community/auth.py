"""The community session: a cookie from POST /api/auth, resolved on every other request."""

from __future__ import annotations

from eventcore.http.sessions import CookieSessions, signed_in_user

COOKIES = CookieSessions(surface="community", cookie="community_session")
# The security requirement a view's OpenAPI operation declares.
COOKIE_SCHEME: dict[str, list[str]] = {"sessionCookie": []}

# Run a view only for a request with a valid session; else 401.
session_required = COOKIES.required
actor = signed_in_user
