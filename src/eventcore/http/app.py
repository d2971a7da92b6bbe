"""The Flask app factory."""

from __future__ import annotations

from importlib.metadata import version

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from eventcore.core import Core
from eventcore.domain.ids import MAX_ID
from eventcore.http.browser import allow_origins, protect_html_pages, trust_proxies
from eventcore.http.context import read_zone_once_per_request
from eventcore.http.errors import install_fallback
from eventcore.http.index import register_index
from eventcore.http.json_provider import OrjsonProvider
from eventcore.http.limits import install_rate_limits
from eventcore.http.media import register_media
from eventcore.http.mounting import chosen_surfaces, mount
from eventcore.http.openapi import register_docs_assets

MAX_REQUEST_BYTES = 8 * 1024 * 1024


class IdConverter(IntegerConverter):
    """`<int:...>` in every surface's paths: a number past any stored id names nothing.

    It is answered 404 (in the surface's format) right away: the database would
    refuse to compare it, and merely not matching would make werkzeug answer 405.
    """

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise NotFound()
        return number


class SessionOnlyWhenSent(SecureCookieSessionInterface):
    """Flask's signed-cookie session, opened only when a request sends its cookie.

    No surface keeps state in Flask's session (community and socialcalendar keep
    their own, http/sessions.py), yet Flask builds its cookie signer on every
    request to open an empty one: about a fifth of a /health/ request.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # A request with no cookies at all (most API calls) is not even parsed for them.
        if "HTTP_COOKIE" not in request.environ or (
            self.get_cookie_name(app) not in request.cookies
        ):
            return self.session_class()
        return super().open_session(app, request)


def create_app(core: Core) -> Flask:
    """Build the WSGI app around `core`, which the entry point built (the server from the
    environment, a test from its own adapters). Refuses to start when two mounted
    surfaces claim the same route."""
    app = Flask("eventcore", static_folder=None)
    app.json = OrjsonProvider(app)
    app.config.update(
        SECRET_KEY=core.settings.secret_key,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.session_interface = SessionOnlyWhenSent()
    app.extensions["eventcore"] = core
    read_zone_once_per_request(app)
    # Before any route is added: every <int:...> in a path is an id.
    app.url_map.converters["int"] = IdConverter
    register_docs_assets(app)
    register_media(app)
    chosen = chosen_surfaces(core.settings.surfaces)
    renderers = mount(app, chosen, version("eventcore"))
    register_index(app)
    render = install_fallback(app, renderers)
    install_rate_limits(app, core.settings, render)
    allow_origins(app, core.settings, chosen)
    protect_html_pages(app)
    trust_proxies(app, core.settings.trusted_proxies)
    return app
