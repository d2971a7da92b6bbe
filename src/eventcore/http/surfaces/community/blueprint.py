"""Every community blueprint is made here, so each renders errors in the seed's format
and refuses cross-site writes."""

from __future__ import annotations

from eventcore.http.errors import attach_handlers
from eventcore.http.openapi import Blueprint
from eventcore.http.sessions import refuse_cross_site
from eventcore.http.surfaces.community import errors


def community_blueprint(name: str, description: str) -> Blueprint:
    blueprint = Blueprint(f"community_{name}", __name__, url_prefix="/api", description=description)
    attach_handlers(blueprint, errors.render, errors.STATUS_OVERRIDES, errors.FIELD_NAMES)
    blueprint.register_error_handler(errors.Worded, errors.render_worded)
    blueprint.before_request(refuse_cross_site)
    return blueprint
