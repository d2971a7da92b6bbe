"""Every GatherHub blueprint is made here, so each renders errors in the GatherHub format."""

from __future__ import annotations

from eventcore.http.errors import attach_handlers
from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces.gatherhub import errors


def gatherhub_blueprint(name: str, url_prefix: str, description: str) -> Blueprint:
    blueprint = Blueprint(f"gatherhub_{name}", __name__, url_prefix=url_prefix,
                          description=description)
    attach_handlers(blueprint, errors.render, errors.STATUS_OVERRIDES, errors.FIELD_NAMES)
    return blueprint
