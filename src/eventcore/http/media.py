"""Uploaded files, served back over HTTP at /media/<key>."""

from __future__ import annotations

import mimetypes

from flask import Flask, Response, abort, request

from eventcore.http.context import core

MEDIA_ROUTE = "/media"


def register_media(app: Flask) -> None:
    def serve(key: str) -> Response:
        content = core().media.read(key)
        if content is None:
            abort(404)
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        response = Response(content, mimetype=kind)
        response.headers["Cache-Control"] = "public, max-age=86400"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    app.add_url_rule(f"{MEDIA_ROUTE}/<path:key>", "media", serve)


def media_url(key: str | None) -> str | None:
    """An absolute URL for a stored key; URLs that are already absolute pass through."""
    if not key:
        return None
    if key.startswith(("http://", "https://")):
        return key
    return f"{request.host_url.rstrip('/')}{MEDIA_ROUTE}/{key}"
