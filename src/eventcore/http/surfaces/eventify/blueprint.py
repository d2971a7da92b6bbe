"""Every Eventify blueprint is made here, so each renders errors in an Eventify body."""

from __future__ import annotations

from eventcore.http.errors import attach_handlers
from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces.eventify import errors


def eventify_blueprint(name: str, url_prefix: str, description: str) -> Blueprint:
    """A blueprint whose errors use the standard `{"status": "error", ...}` body."""
    blueprint = Blueprint(
        f"eventify_{name}", __name__, url_prefix=url_prefix, description=description
    )
    attach_handlers(blueprint, errors.render)
    return blueprint


def eventify_account_blueprint(name: str, url_prefix: str, description: str) -> Blueprint:
    """A blueprint whose errors use the `{"errors": {...}}` body of registration and login."""
    blueprint = Blueprint(
        f"eventify_{name}", __name__, url_prefix=url_prefix, description=description
    )
    attach_handlers(blueprint, errors.render_field_errors, errors.ACCOUNT_STATUS_OVERRIDES)
    errors.attach_account_handlers(blueprint)
    return blueprint
