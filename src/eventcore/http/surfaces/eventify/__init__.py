"""Eventify: the token-in-body API (seed 001), mounted at /eventify by default.

Every endpoint is a POST with a JSON body; all but registration and login carry
the `token` and `username` of the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces import Surface
from eventcore.http.surfaces.eventify import errors


def _blueprints() -> Sequence[Blueprint]:
    from eventcore.http.surfaces.eventify.routes import accounts, events

    return (accounts.sign_in, accounts.session, events.blp)


SURFACE = Surface(
    name="eventify",
    title="Eventify API",
    blueprints=_blueprints,
    render_problem=errors.render,
)
