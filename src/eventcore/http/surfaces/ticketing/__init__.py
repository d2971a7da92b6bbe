"""Ticketing: the role-based API of seed 004 (users, events, attendance), JWT bearer auth
from email + password, mounted at /ticketing by default."""

from __future__ import annotations

from collections.abc import Sequence

from flask_smorest import Api

from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces import Surface
from eventcore.http.surfaces.ticketing import errors


def _blueprints() -> Sequence[Blueprint]:
    from eventcore.http.surfaces.ticketing.routes import attendance, events, users

    return (users.blp, events.blp, attendance.blp)


def _describe(api: Api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )


SURFACE = Surface(
    name="ticketing",
    title="Ticketing API",
    blueprints=_blueprints,
    render_problem=errors.render,
    describe=_describe,
)
