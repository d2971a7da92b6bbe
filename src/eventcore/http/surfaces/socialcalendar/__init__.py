"""SocialCalendar: the API of seed 002 (a month calendar of single and group events,
event chats and direct chats, friends, invites), signed in with a Google account
and kept signed in with a server-side session in a cookie; mounted at
/socialcalendar by default. docs/socialcalendar.md reads the seed in English."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

from eventcore.http.openapi import Blueprint
from eventcore.http.surfaces import Surface
from eventcore.http.surfaces.socialcalendar import errors
from eventcore.http.surfaces.socialcalendar.auth import COOKIES, LOGIN_BINDING


def _blueprints() -> Sequence[Blueprint]:
    from eventcore.http.surfaces.socialcalendar.routes import (
        chats,
        events,
        icons,
        invites,
        login,
        people,
    )

    return (login.blp, people.blp, icons.blp, events.blp, chats.blp, invites.blp)


def _install(app: Flask, root: str) -> None:
    from eventcore.http.surfaces.socialcalendar import ws

    COOKIES.install(app, root)
    LOGIN_BINDING.install(app, root)
    ws.install(app, root)


SURFACE = Surface(
    name="socialcalendar",
    title="SocialCalendar API",
    blueprints=_blueprints,
    render_problem=errors.render,
    describe=COOKIES.describe,
    install=_install,
)
