"""Community: the API of seed 000 (Google sign-in, events, comments, likes, interest,
groups), with a server-side session in a cookie, mounted at /community by default."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces import Surface
from eventcore.http.surfaces.community import errors
from eventcore.http.surfaces.community.auth import COOKIES


def _blueprints() -> Sequence[Blueprint]:
    from eventcore.http.surfaces.community.routes import auth, comments, events, groups, users

    return (auth.blp, users.blp, events.blp, comments.blp, groups.blp)


def _install(app: Flask, root: str) -> None:
    COOKIES.install(app, root)


SURFACE = Surface(
    name="community",
    title="Community API",
    blueprints=_blueprints,
    render_problem=errors.render,
    describe=COOKIES.describe,
    install=_install,
)
