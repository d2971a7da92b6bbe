"""`timezone()` answers the zone of the app whose request runs, held once per request,
and the app's own setting outside one, even after another app's request in the same
thread."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Flask

from eventcore.bootstrap import memory_core
from eventcore.http.app import create_app
from eventcore.http.context import timezone
from eventcore.settings import Settings

KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")


def _app_in(zone: ZoneInfo, probe: list[ZoneInfo]) -> Flask:
    app = create_app(memory_core(settings=Settings(secret_key="k" * 32, timezone=zone)))

    @app.get("/_zone")
    def zone_of_request() -> dict[str, str]:
        probe.append(timezone())
        return {"zone": str(timezone())}

    return app


def test_each_apps_requests_see_its_own_zone() -> None:
    seen: list[ZoneInfo] = []
    kolkata, new_york = _app_in(KOLKATA, seen), _app_in(NEW_YORK, seen)

    for app in (kolkata, new_york, kolkata):
        assert app.test_client().get("/_zone").status_code == 200

    assert seen == [KOLKATA, NEW_YORK, KOLKATA]


def test_outside_a_request_the_apps_setting_is_read_after_another_apps_request() -> None:
    kolkata, new_york = _app_in(KOLKATA, []), _app_in(NEW_YORK, [])
    kolkata.test_client().get("/_zone")

    with new_york.app_context():
        assert timezone() == NEW_YORK
