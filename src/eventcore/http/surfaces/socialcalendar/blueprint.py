"""Every socialcalendar blueprint is made here, so each renders errors in this API's
format, names the field at fault, and refuses cross-site writes."""

from __future__ import annotations

from flask import Response

from eventcore.http.errors import Problem, attach_handlers
from eventcore.http.openapi import Blueprint, RequestInvalid, first_message
from eventcore.http.sessions import refuse_cross_site
from eventcore.http.surfaces.socialcalendar import errors


def socialcalendar_blueprint(name: str, description: str) -> Blueprint:
    blueprint = Blueprint(f"socialcalendar_{name}", __name__, description=description)
    attach_handlers(blueprint, errors.render, errors.STATUS_OVERRIDES, errors.FIELD_NAMES)
    blueprint.register_error_handler(RequestInvalid, _request_invalid)
    blueprint.before_request(refuse_cross_site)
    return blueprint


def _request_invalid(error: RequestInvalid) -> Response:
    message = first_message(error.messages)
    return errors.render(Problem(400, "validation_error", message, error.messages))
