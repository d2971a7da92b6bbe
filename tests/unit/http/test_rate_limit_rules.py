"""Reading EVENTCORE_RATE_LIMIT and EVENTCORE_LOGIN_RATE_LIMIT, and writing the 429."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from limits import parse

from eventcore.http.limits import exceeded, window_text
from eventcore.settings import Settings, SettingsError

ENV = {"EVENTCORE_SECRET_KEY": "k" * 32}


def test_the_defaults_are_the_documented_ones() -> None:
    settings = Settings.from_env(ENV)

    assert (settings.rate_limit, settings.login_rate_limit) == ("300/minute", "10/minute")
    assert (settings.redis_url, settings.redis_prefix) == ("", "eventcore")


@pytest.mark.parametrize(
    "value", ["100/minute", "10 per 5 minutes", "2/second;50/hour", "off", "OFF"]
)
def test_limits_flask_limiter_can_read_or_off_are_accepted(value: str) -> None:
    settings = Settings.from_env(
        {**ENV, "EVENTCORE_RATE_LIMIT": value, "EVENTCORE_LOGIN_RATE_LIMIT": value}
    )

    assert settings.rate_limit == settings.login_rate_limit == value


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("EVENTCORE_RATE_LIMIT", "lots", "is not a rate limit"),
        ("EVENTCORE_RATE_LIMIT", "100/fortnight", "is not a rate limit"),
        ("EVENTCORE_LOGIN_RATE_LIMIT", "-3/minute", "is not a rate limit"),
        ("EVENTCORE_LOGIN_RATE_LIMIT", "0/minute", "must allow at least one request"),
        ("EVENTCORE_REDIS_URL", "http://127.0.0.1:6379", "must start with redis://"),
        ("EVENTCORE_REDIS_PREFIX", "two words", "must be a word without spaces"),
    ],
)
def test_a_value_that_cannot_be_used_is_refused_naming_the_variable(
    variable: str,
    value: str,
    complaint: str,
) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({**ENV, variable: value})

    assert str(refused.value).startswith(f"{variable}: {value!r}")
    assert complaint in str(refused.value)


def test_settings_made_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match="EVENTCORE_LOGIN_RATE_LIMIT"):
        Settings(secret_key="k" * 32, login_rate_limit="ten a minute")


@pytest.mark.parametrize(
    ("limit", "window"),
    [
        ("300/minute", "1 minute"),
        ("10 per 5 minutes", "5 minutes"),
        ("2/second", "1 second"),
        ("1000/day", "1 day"),
    ],
)
def test_the_window_reads_as_the_seed_writes_it(limit: str, window: str) -> None:
    assert window_text(parse(limit)) == window


def test_the_429_says_how_long_to_wait_and_when_the_window_starts_over() -> None:
    reset = datetime(2024, 1, 1, 12, 1, tzinfo=UTC).timestamp()

    problem = exceeded(parse("100/minute"), reset, now=reset - 60)

    assert (problem.status, problem.code) == (429, "rate_limit_exceeded")
    assert problem.message == "Rate limit exceeded. Try again in 60 seconds."
    assert problem.details == {
        "limit": 100,
        "window": "1 minute",
        "reset_at": "2024-01-01T12:01:00Z",
    }


def test_the_wait_is_never_below_one_second() -> None:
    problem = exceeded(parse("5/second"), 1000.0, now=999.9)

    assert problem.message == "Rate limit exceeded. Try again in 1 seconds."
