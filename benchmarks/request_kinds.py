"""The requests the HTTP benchmark sends, each with the credentials its API wants: the
bench user (seed.py) logged in on GatherHub (JWT bearer) and Eventify (opaque token and
username in the body). The ticketing list is anonymous, as its seed documents."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen
from seed import BENCH_EMAIL, BENCH_PASSWORD

# A month and a day inside the two years seed.py spreads its events over.
MONTH, YEAR = "June", 2030
DAY = "2030-06-03"
# Filters are compared with the plain first page, and the first page with the same page
# of the small database (the kind with `small` set).
FIRST_PAGE = "list"
DETAIL = "detail"
HEALTH = "health"
FILTERS = ("search=jazz", "status=upcoming", "creator=bench", "one week", "page=500")


@frozen
class Request:
    method: str
    path: str
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(factory=dict)

    def data(self) -> bytes | None:
        return None if self.body is None else json.dumps(self.body).encode()

    def all_headers(self) -> dict[str, str]:
        if self.body is None:
            return dict(self.headers)
        return {**self.headers, "Content-Type": "application/json"}


@frozen
class Kind:
    name: str
    request: Request
    # Which database it reads: the large one (--events) or the small one (a tenth).
    small: bool = False
    # Under wrk; else one request at a time (an answer too big for many at once).
    loaded: bool = True


@frozen
class Credentials:
    bearer: str
    eventify_token: str
    eventify_username: str


def log_in(base: str) -> Credentials:
    """The bench user's GatherHub access token and Eventify token, from the server at
    `base` (eventcore: the baseline checks the same tokens)."""
    gatherhub = _post(
        base, "/api/v1/auth/login/", {"username": BENCH_EMAIL, "password": BENCH_PASSWORD}
    )
    eventify = _post(
        base, "/eventify/api/user/login/", {"username": BENCH_EMAIL, "password": BENCH_PASSWORD}
    )
    return Credentials(gatherhub["access"], eventify["token"], eventify["username"])


def _post(base: str, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        found: dict[str, Any] = json.load(answer)
        return found


def request_kinds(
    large: Credentials,
    small: Credentials,
    small_events: int,
    bench_user: int,
    event_id: int,
    *,
    unpaged: bool,
) -> list[Kind]:
    """Every kind, in the order of the table; `unpaged` adds ticketing's list of every
    event, the seed's default, which is one big answer."""

    def gatherhub(path: str, credentials: Credentials = large) -> Request:
        return Request("GET", path, headers={"Authorization": f"Bearer {credentials.bearer}"})

    def eventify(path: str, **fields: Any) -> Request:
        credentials = {"token": large.eventify_token, "username": large.eventify_username}
        return Request("POST", f"/eventify/api/events/{path}/", {**credentials, **fields})

    kinds = [
        Kind(FIRST_PAGE, gatherhub("/api/v1/events/?page_size=20")),
        Kind(
            f"list, {count_label(small_events)}",
            gatherhub("/api/v1/events/?page_size=20", small),
            small=True,
        ),
        Kind("search=jazz", gatherhub("/api/v1/events/?search=jazz")),
        Kind("status=upcoming", gatherhub("/api/v1/events/?status=upcoming")),
        Kind("creator=bench", gatherhub(f"/api/v1/events/?creator={bench_user}")),
        Kind("one week", gatherhub("/api/v1/events/?date_from=2030-06-01&date_to=2030-06-07")),
        Kind("page=500", gatherhub("/api/v1/events/?page=500")),
        Kind(DETAIL, gatherhub(f"/api/v1/events/{event_id}/")),
        Kind(HEALTH, Request("GET", "/health/")),
        Kind("eventify month", eventify("events-by-month-year", month=MONTH, year=YEAR)),
        Kind("eventify day", eventify("events-by-date", date_of_event=DAY)),
        Kind("ticketing page", Request("GET", "/ticketing/api/events?page=1")),
    ]
    if unpaged:
        kinds.append(Kind("ticketing, all", Request("GET", "/ticketing/api/events"), loaded=False))
    return kinds


def count_label(count: int) -> str:
    """100000 -> "100k"."""
    return f"{count // 1000}k" if count >= 1000 and count % 1000 == 0 else str(count)
