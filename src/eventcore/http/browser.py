"""What browsers need from eventcore: cross-origin access (EVENTCORE_CORS_ORIGINS),
the client's real address and scheme behind reverse proxies (EVENTCORE_TRUSTED_PROXIES),
and security headers on the HTML pages (the index page and each docs page)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from eventcore.settings import Settings

# The APIs whose clients sign in with a cookie: only they may be called with
# credentials from another origin. The bearer and token-in-body APIs need none.
COOKIE_SURFACES = frozenset({"community", "socialcalendar"})
# Preflight answers may be cached this long (seconds) by the browser.
PREFLIGHT_MAX_AGE = 600
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def trust_proxies(app: Flask, count: int) -> None:
    """Read X-Forwarded-For/-Proto/-Host/-Port/-Prefix set by `count` proxies in front.

    With 0 the headers are ignored, so a client cannot pick its own address (and
    rate-limit budget) or make a plain-http request look secure.
    """
    if count:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count
        )


def allow_origins(app: Flask, settings: Settings, mounted: Mapping[str, str]) -> None:
    """Answer CORS preflights and add Access-Control-* headers for the configured origins.

    `mounted` maps surface names to their prefixes. Credentials (cookies) are allowed
    only under the prefixes of the cookie APIs; nothing is added when no origin is set.
    """
    if not settings.cors_origins:
        return
    origins = list(settings.cors_origins)
    common: dict[str, Any] = {
        "origins": origins,
        "max_age": PREFLIGHT_MAX_AGE,
        "expose_headers": ["Retry-After", "Location", "X-RateLimit-Limit", "X-RateLimit-Remaining"],
        "vary_header": True,
    }
    resources: dict[str | re.Pattern[str], dict[str, Any]] = {}
    for name, prefix in mounted.items():
        root = prefix.rstrip("/")
        pattern = f"{re.escape(root)}(/.*)?$" if root else r"/.*"
        resources[pattern] = {**common, "supports_credentials": name in COOKIE_SURFACES}
    CORS(app, resources=resources)


def content_security_policy(body: str) -> str:
    """Only this server, no framing; the page's own inline scripts are allowed by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(body)
    )
    script_src = f"'self' {hashes}".strip()
    return (
        f"default-src 'self'; script-src {script_src}; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def protect_html_pages(app: Flask) -> None:
    """nosniff and a Content-Security-Policy on every HTML page eventcore serves."""

    def add_headers(response: Response) -> Response:
        if response.mimetype == "text/html":
            response.headers["X-Content-Type-Options"] = "nosniff"
            body = "" if response.is_streamed else response.get_data(as_text=True)
            response.headers["Content-Security-Policy"] = content_security_policy(body)
        return response

    app.after_request(add_headers)
