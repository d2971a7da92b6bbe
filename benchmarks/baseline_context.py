"""What every baseline view shares: the app's engine and settings, and JSON answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from attrs import frozen
from baseline_db import InstallationId, Moments, baseline_engine
from flask import Response, current_app, request
from sqlalchemy import Engine

BASELINE = "baseline"


@frozen
class Baseline:
    engine: Engine
    moments: Moments
    secret_key: str
    # The audience every JWT of this database names.
    audience: InstallationId
    zone: tzinfo

    @classmethod
    def on(cls, database_url: str, secret_key: str, zone: tzinfo) -> Baseline:
        engine = baseline_engine(database_url)
        return cls(engine, Moments(engine), secret_key, InstallationId(engine), zone)

    def midnight(self, day: date) -> Any:
        """The moment `day` begins in the app's zone, as a query parameter."""
        return self.moments.bound(datetime.combine(day, time(0), tzinfo=self.zone))


def baseline() -> Baseline:
    state: Baseline = current_app.extensions[BASELINE]
    return state


def media_base() -> str:
    """Where stored files are served, as eventcore writes their URLs."""
    return f"{request.host_url.rstrip('/')}/media/"


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """`body` as compact JSON (Flask's own encoder would also sort the keys)."""
    text = json.dumps(body, separators=(",", ":"))
    return Response(text, status, headers=dict(headers or {}), mimetype="application/json")
