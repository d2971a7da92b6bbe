"""Every GatherHub blueprint is made here, so each renders errors in the GatherHub format."""

from __future__ import annotations

from collections.abc import Mapping

from eventcore.http.errors import attach_handlers
from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces.gatherhub import errors


def gatherhub_blueprint(
    name: str, url_prefix: str, description: str, field_names: Mapping[str, str] | None = None
) -> Blueprint:
    """`field_names` overrides errors.FIELD_NAMES where this blueprint's clients call a
    domain field otherwise (a vote's `ends_at` is not an event's `end_date`)."""
    blueprint = Blueprint(
        f"gatherhub_{name}", __name__, url_prefix=url_prefix, description=description
    )
    attach_handlers(
        blueprint,
        errors.render,
        errors.STATUS_OVERRIDES,
        {**errors.FIELD_NAMES, **(field_names or {})},
    )
    return blueprint
