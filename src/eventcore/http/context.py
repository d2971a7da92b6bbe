"""Accessors shared by every surface's views."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from eventcore.core import Core

# The zone of the app serving this thread's request, from its first hook to its
# teardown. Responses ask for it several times an event (an Eventify day page five
# hundred times), and each lookup through `current_app` cost about 0.7 µs.
_request_zone: ContextVar[ZoneInfo | None] = ContextVar("eventcore_request_zone", default=None)


def core() -> Core:
    found: Core = current_app.extensions["eventcore"]
    return found


def timezone() -> ZoneInfo:
    zone = _request_zone.get()
    return core().settings.timezone if zone is None else zone


def now() -> datetime:
    return core().clock.now()


def read_zone_once_per_request(app: Flask) -> None:
    """Hold `app`'s zone for `timezone()` while each of its requests runs. Called
    before the hooks that may render errors (rate limits, cross-site checks) are
    added; outside a request, `timezone()` reads the app's settings itself."""

    def hold() -> None:
        _request_zone.set(core().settings.timezone)

    def release(_: BaseException | None) -> None:
        _request_zone.set(None)

    app.before_request(hold)
    app.teardown_request(release)
