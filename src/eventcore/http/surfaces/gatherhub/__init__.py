"""GatherHub: the native API (seed 003), JWT bearer auth, mounted at / by default."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from flask_smorest import Api

from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces import Surface
from eventcore.http.surfaces.gatherhub import errors


def _blueprints() -> Sequence[Blueprint]:
    from eventcore.http.surfaces.gatherhub.routes import (
        accounts,
        calendar,
        events,
        health,
        tasks,
        votes,
        waiting_lists,
    )

    return (
        accounts.blp,
        events.blp,
        waiting_lists.blp,
        tasks.blp,
        votes.blp,
        health.blp,
        calendar.blp,
    )


def _install(app: Flask, root: str) -> None:
    from eventcore.http.surfaces.gatherhub import ws

    ws.install(app, root)


def _describe(api: Api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )


SURFACE = Surface(
    name="gatherhub",
    title="GatherHub API",
    blueprints=_blueprints,
    render_problem=errors.render,
    describe=_describe,
    install=_install,
)
