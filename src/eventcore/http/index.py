"""`GET /`: which APIs this server mounts and where their documents are, as a small
HTML page for browsers and JSON for everyone else; and `<prefix>/docs/` leading to
each docs page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask, Response, jsonify, redirect, request
from markupsafe import escape

from eventcore.http.mounting import MountedApi, mounted_apis


def register_index(app: Flask) -> None:
    """Add the index and the docs redirects, where no mounted API claims those paths."""
    apis = mounted_apis(app)
    taken = {rule.rule for rule in app.url_map.iter_rules()}
    if "/" not in taken:
        app.add_url_rule("/", "eventcore_index", lambda: _index(apis), methods=["GET"])
    for api in apis:
        if f"{api.docs}/" not in taken:
            app.add_url_rule(
                f"{api.docs}/",
                f"eventcore_docs_slash_{api.name}",
                lambda target=api.docs: redirect(target, code=308),
                methods=["GET"],
                strict_slashes=True,
            )


def _described(api: MountedApi) -> dict[str, Any]:
    base = request.host_url.rstrip("/")
    return {
        "name": api.name,
        "title": api.title,
        "prefix": f"{api.root}/",
        "docs": f"{base}{api.docs}",
        "openapi": f"{base}{api.openapi}",
    }


def _index(apis: Sequence[MountedApi]) -> Response:
    described = [_described(api) for api in apis]
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
        items = "".join(
            f"<li><strong>{escape(api['title'])}</strong> ({escape(api['name'])}) at "
            f'<code>{escape(api["prefix"])}</code>: <a href="{escape(api["docs"])}">docs</a>, '
            f'<a href="{escape(api["openapi"])}">OpenAPI document</a></li>'
            for api in described
        )
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>eventcore</title></head><body><h1>eventcore</h1>"
            f"<p>The APIs this server mounts:</p><ul>{items}</ul></body></html>"
        )
        return Response(page, mimetype="text/html")
    return jsonify({"apis": described})
