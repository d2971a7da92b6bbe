"""Accessors shared by every surface's views."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from eventcore.core import Core


def core() -> Core:
    found: Core = current_app.extensions["eventcore"]
    return found


def timezone() -> ZoneInfo:
    return core().settings.timezone


def now() -> datetime:
    return core().clock.now()
