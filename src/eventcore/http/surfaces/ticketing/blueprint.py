"""Every ticketing blueprint is made here, so each renders errors in the ticketing format."""

from __future__ import annotations

from eventcore.domain.errors import Forbidden
from eventcore.http.errors import attach_handlers
from eventcore.http.openapi import Blueprint, RequestInvalid
from eventcore.http.surfaces.ticketing import errors


def ticketing_blueprint(name: str, description: str) -> Blueprint:
    blueprint = Blueprint(f"ticketing_{name}", __name__, url_prefix="/api", description=description)
    attach_handlers(
        blueprint, errors.render, errors.STATUS_OVERRIDES, errors.FIELD_NAMES, errors.WORDING
    )
    # Replaces attach_handlers' handler for the same class: this API names the field
    # at fault in one sentence rather than listing every field.
    blueprint.register_error_handler(RequestInvalid, errors.render_request_invalid)
    blueprint.register_error_handler(errors.Worded, errors.render_worded)
    blueprint.register_error_handler(Forbidden, errors.render_forbidden)
    return blueprint
