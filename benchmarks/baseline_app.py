"""The baseline of the HTTP benchmark: a bare Flask app doing by hand what eventcore does
for each benchmarked request, on the same database, with SQL written out
(baseline_queries.py) and JSON built as plain dicts (baseline_render.py); no
marshmallow, no eventcore.

It reads the variables eventcore reads (EVENTCORE_DATABASE_URL, EVENTCORE_SECRET_KEY,
EVENTCORE_TIMEZONE) and BASELINE_HEALTH_BODY, the bytes it answers on /health/.
"""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo

import baseline_eventify
import baseline_gatherhub
import baseline_ticketing
from baseline_auth import Refused
from baseline_context import BASELINE, Baseline, json_response
from flask import Flask, Response


def create_baseline_app(
    database_url: str, secret_key: str, health_body: bytes, zone: str = "UTC"
) -> Flask:
    app = Flask(__name__)
    app.extensions[BASELINE] = Baseline.on(database_url, secret_key, ZoneInfo(zone))

    def health() -> Response:
        return Response(health_body, mimetype="application/json")

    def refused(error: Refused) -> Response:
        return json_response(error.body, error.status)

    app.add_url_rule("/health/", "health", health)
    app.add_url_rule("/api/v1/events/", "gatherhub_list", baseline_gatherhub.event_list)
    app.add_url_rule(
        "/api/v1/events/<int:event_id>/", "gatherhub_detail", baseline_gatherhub.event_detail
    )
    app.add_url_rule(
        "/eventify/api/events/events-by-month-year/",
        "eventify_month",
        baseline_eventify.events_by_month,
        methods=["POST"],
    )
    app.add_url_rule(
        "/eventify/api/events/events-by-date/",
        "eventify_day",
        baseline_eventify.events_by_date,
        methods=["POST"],
    )
    app.add_url_rule("/ticketing/api/events", "ticketing_list", baseline_ticketing.event_list)
    app.register_error_handler(Refused, refused)
    return app


def app_from_environment() -> Flask:
    """The app gunicorn's workers load."""
    return create_baseline_app(
        os.environ["EVENTCORE_DATABASE_URL"],
        os.environ["EVENTCORE_SECRET_KEY"],
        os.environ["BASELINE_HEALTH_BODY"].encode(),
        os.environ.get("EVENTCORE_TIMEZONE", "UTC"),
    )
