"""Browsers: cross-origin access for EVENTCORE_CORS_ORIGINS (credentials only for the cookie
APIs), client addresses and https behind EVENTCORE_TRUSTED_PROXIES, and security headers
on the HTML pages."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from typing import Any

import pytest
from flask.testing import FlaskClient

from eventcore.bootstrap import memory_core
from eventcore.http.app import create_app
from eventcore.settings import Settings, SettingsError
from support.clocks import fixed_clock

FRONT_END = "https://app.example.org"


def client_for(**settings: Any) -> FlaskClient:
    chosen = Settings(secret_key=secrets.token_hex(32), **{"rate_limit": "off", **settings})
    return create_app(memory_core(clock=fixed_clock(), settings=chosen)).test_client()


def preflight(client: FlaskClient, path: str, origin: str = FRONT_END) -> Any:
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Authorization",
        },
    )


def test_without_configured_origins_no_cross_origin_access_is_granted() -> None:
    client = client_for()

    answer = preflight(client, "/ticketing/api/events")
    plain = client.get("/api/v1/events/", headers={"Origin": FRONT_END})

    assert not any(name.startswith("Access-Control-") for name, _ in answer.headers)
    assert "Access-Control-Allow-Origin" not in plain.headers


@pytest.mark.parametrize(
    "path", ["/ticketing/api/events", "/api/v1/events/", "/eventify/api/user/login/"]
)
def test_a_preflight_to_a_token_api_is_answered_without_credentials(path: str) -> None:
    answer = preflight(client_for(cors_origins=(FRONT_END,)), path)

    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    assert "authorization" in answer.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in answer.headers


def test_the_cookie_api_allows_credentials_for_a_named_origin() -> None:
    client = client_for(cors_origins=("https://other.example.org", FRONT_END))

    answer = preflight(client, "/community/api/events")
    listed = client.get("/community/api/events", headers={"Origin": FRONT_END})

    assert answer.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert answer.headers["Access-Control-Allow-Credentials"] == "true"
    assert listed.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert listed.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in listed.headers["Vary"]


def test_an_origin_not_named_gets_no_access() -> None:
    client = client_for(cors_origins=(FRONT_END,))

    answer = preflight(client, "/community/api/events", origin="https://evil.example.net")

    assert "Access-Control-Allow-Origin" not in answer.headers
    assert "Access-Control-Allow-Credentials" not in answer.headers


@pytest.mark.parametrize(
    "value", ["*", "app.example.org", "https://app.example.org/path", "ftp://app.example.org"]
)
def test_a_value_that_is_not_an_origin_stops_with_one_line_naming_the_variable(
    value: str,
) -> None:
    with pytest.raises(SettingsError, match=r"^EVENTCORE_CORS_ORIGINS: .* not a browser origin"):
        Settings.from_env({"EVENTCORE_SECRET_KEY": "k" * 64, "EVENTCORE_CORS_ORIGINS": value})


def test_origins_are_read_as_a_comma_list() -> None:
    settings = Settings.from_env(
        {
            "EVENTCORE_SECRET_KEY": "k" * 64,
            "EVENTCORE_CORS_ORIGINS": "https://a.example.org, http://localhost:5173/",
            "EVENTCORE_TRUSTED_PROXIES": "2",
        }
    )

    assert settings.cors_origins == ("https://a.example.org", "http://localhost:5173")
    assert settings.trusted_proxies == 2


@pytest.mark.parametrize("value", ["one", "-1", "1.5", "99"])
def test_a_proxy_count_that_is_not_a_small_number_stops_with_one_line(value: str) -> None:
    with pytest.raises(SettingsError, match=r"^EVENTCORE_TRUSTED_PROXIES: ") as refused:
        Settings.from_env({"EVENTCORE_SECRET_KEY": "k" * 64, "EVENTCORE_TRUSTED_PROXIES": value})
    assert "\n" not in str(refused.value)


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() -> None:
    client = client_for(trusted_proxies=1, rate_limit="2/minute")

    def listing(address: str) -> int:
        forwarded = {"X-Forwarded-For": address}
        return client.get("/ticketing/api/events", headers=forwarded).status_code

    assert [listing("198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert listing("198.51.100.2") == 200


def test_without_trusted_proxies_a_forwarded_address_is_ignored() -> None:
    client = client_for(rate_limit="2/minute")

    codes = [
        client.get(
            "/ticketing/api/events", headers={"X-Forwarded-For": f"198.51.100.{n}"}
        ).status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]


def test_https_at_a_trusted_proxy_makes_absolute_urls_https() -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "events.example.org"}

    trusted = client_for(trusted_proxies=1).get("/", headers=forwarded).get_json()
    untrusted = client_for().get("/", headers=forwarded).get_json()

    assert trusted["apis"][0]["docs"].startswith("https://events.example.org/")
    assert untrusted["apis"][0]["docs"].startswith("http://localhost/")


@pytest.mark.parametrize("path", ["/", "/docs", "/ticketing/docs", "/community/docs"])
def test_html_pages_allow_only_this_server_and_no_framing(path: str) -> None:
    page = client_for().get(path, headers={"Accept": "text/html"})
    policy = page.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert page.mimetype == "text/html"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "http" not in policy
    assert "*" not in policy
    for script in re.findall(r"<script>(.*?)</script>", page.get_data(as_text=True), re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"]


def test_json_answers_carry_no_page_policy() -> None:
    answer = client_for().get("/api/v1/events/")

    assert "Content-Security-Policy" not in answer.headers
