"""Mount the configured surfaces under their prefixes, refusing clashing routes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen
from flask import Flask
from werkzeug.routing import Rule

from eventcore.http import surfaces
from eventcore.http.errors import Renderer
from eventcore.http.fields import DayOrTimestamp, Timestamp
from eventcore.http.openapi import SurfaceApi, api_config
from eventcore.settings import DEFAULT_SURFACES, SettingsError

_IGNORED_METHODS = {"HEAD", "OPTIONS"}


MOUNTED = "eventcore.mounted_apis"


class RouteClash(RuntimeError):
    """Two mounted surfaces claim the same method and path."""


@frozen
class MountedApi:
    """A client API as served: its name, title and prefix (without a trailing slash)."""

    name: str
    title: str
    root: str

    @property
    def docs(self) -> str:
        return f"{self.root}/docs"

    @property
    def openapi(self) -> str:
        return f"{self.root}/openapi.json"


def mounted_apis(app: Flask) -> Sequence[MountedApi]:
    """The APIs `mount` registered on `app`, in order."""
    apis: list[MountedApi] = app.extensions.get(MOUNTED, [])
    return apis


def chosen_surfaces(configured: Mapping[str, str] | None) -> dict[str, str]:
    """The configured surfaces, or every available one at its default prefix."""
    if configured is None:
        return {name: DEFAULT_SURFACES[name] for name in surfaces.AVAILABLE}
    missing = [name for name in configured if name not in surfaces.AVAILABLE]
    if missing:
        raise SettingsError(
            f"EVENTCORE_SURFACES: {', '.join(missing)} cannot be served yet; "
            f"available: {', '.join(surfaces.AVAILABLE)}"
        )
    return dict(configured)


def error_body(name: str) -> dict[str, Any]:
    """The JSON Schema of surface `name`'s error bodies."""
    from eventcore.http.surfaces.community.errors import ERROR_BODY as COMMUNITY
    from eventcore.http.surfaces.eventify.errors import ERROR_BODY as EVENTIFY
    from eventcore.http.surfaces.gatherhub.errors import ERROR_BODY as GATHERHUB
    from eventcore.http.surfaces.socialcalendar.errors import ERROR_BODY as SOCIALCALENDAR
    from eventcore.http.surfaces.ticketing.errors import ERROR_BODY as TICKETING

    known = {
        "gatherhub": GATHERHUB,
        "eventify": EVENTIFY,
        "community": COMMUNITY,
        "ticketing": TICKETING,
        "socialcalendar": SOCIALCALENDAR,
    }
    # A surface without its own description yet: an object, whatever it holds.
    return known.get(name, {"type": "object"})


def mount(app: Flask, chosen: Mapping[str, str], version: str) -> dict[str, Renderer]:
    """Register each surface's blueprints and OpenAPI document; return its renderer by prefix."""
    renderers: dict[str, Renderer] = {}
    apis: list[MountedApi] = []
    for name, prefix in chosen.items():
        surface = surfaces.load(name)
        root = prefix.rstrip("/")
        apis.append(MountedApi(name, surface.title, root))
        app.config.update(api_config(name, surface.title, root, version))
        api = SurfaceApi(app, config_prefix=name, error_body=error_body(name))
        # Moments are ISO 8601 strings; a day alone may stand for one (split dates).
        api.register_field(Timestamp, "string", "date-time")
        api.register_field(DayOrTimestamp, "string", None)
        surface.describe(api)
        for blueprint in surface.blueprints():
            api.register_blueprint(blueprint, url_prefix=root + (blueprint.url_prefix or ""))
        surface.install(app, root)
        renderers[root or "/"] = surface.render_problem
    app.extensions[MOUNTED] = apis
    refuse_clashes(app)
    return renderers


def refuse_clashes(app: Flask) -> None:
    claimed: dict[tuple[str, str], Rule] = {}
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - _IGNORED_METHODS):
            key = (method, _shape(rule.rule))
            first = claimed.setdefault(key, rule)
            if first.endpoint != rule.endpoint:
                raise RouteClash(
                    f"Route clash: {method} {first.rule} ({first.endpoint}) and "
                    f"{method} {rule.rule} ({rule.endpoint}); give the surfaces distinct "
                    "prefixes in EVENTCORE_SURFACES"
                )


def _shape(rule: str) -> str:
    """`/events/<int:id>/` and `/events/<pk>/` match the same URLs: compare their shape."""
    parts = []
    for part in rule.split("/"):
        parts.append("<>" if part.startswith("<") and part.endswith(">") else part)
    return "/".join(parts)
