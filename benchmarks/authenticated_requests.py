"""What checking a token costs, through the real server under load: an access token of a
login (whose login state is read with the user) against one issued alone (the user's
read only), over a refresh-token table of 100 000 rows.

    .venv/bin/python benchmarks/authenticated_requests.py                 # SQLite file
    .venv/bin/python benchmarks/authenticated_requests.py --postgresql    # on 127.0.0.1:5432
    .venv/bin/python benchmarks/authenticated_requests.py --seconds 20 --concurrency 16 --rounds 3

It migrates a new database, bulk-inserts 10 000 users with 10 refresh tokens each
(in 3 logins per user, one of them ended), starts `eventcore serve --workers 2` on
it, logs in through GatherHub (access token of a login) and ticketing (access
token alone), and lets `hey` (apt-get install hey) send `GET /api/v1/auth/profile/`
with each token for a while, in alternating rounds. Prints requests per second and
the latency percentiles hey reports, per round.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench_databases import bench_database
from bench_server import eventcore_server
from sqlalchemy import Engine, insert, text

from eventcore.adapters.sqlalchemy import rows, tables
from eventcore.domain.credentials import RefreshToken
from eventcore.domain.ids import UserId
from eventcore.domain.users import User

T0 = datetime(2030, 1, 1, tzinfo=UTC)
USERS = 10_000
TOKENS_PER_USER = 10
PASSWORD = "benchmark-pass"
PROFILE = "/api/v1/auth/profile/"


def fill(engine: Engine) -> None:
    """USERS users, each with TOKENS_PER_USER refresh tokens over three logins: one
    rotated a few times and still on, one logged out, one that only started."""
    user_rows, token_rows = [], []
    for number in range(1, USERS + 1):
        user = User(
            id=UserId(number),
            username=f"member{number}",
            email=f"member{number}@example.org",
            created_at=T0,
            updated_at=T0,
        )
        user_rows.append({"id": number, **rows.user_values(user)})
        for index in range(TOKENS_PER_USER):
            login = ("on", "ended", "new")[min(index // 4, 2)]
            token = RefreshToken(
                token_hash=secrets.token_hex(32),
                user_id=user.id,
                family=f"{number}-{login}",
                issued_at=T0,
                expires_at=T0 + timedelta(days=7),
                used_at=T0 if index % 4 != 3 and login != "new" else None,
                revoked_at=T0 if login == "ended" else None,
            )
            token_rows.append(rows.refresh_token_values(token))
    with engine.begin() as connection:
        connection.execute(insert(tables.users), user_rows)
        connection.execute(insert(tables.refresh_tokens), token_rows)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('users', 'id'), "
                    "(SELECT max(id) FROM users))"
                )
            )
        connection.execute(text("ANALYZE"))


def post(base: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.load(response)
        return answer


def load(url: str, token: str, seconds: int, concurrency: int) -> dict[str, float]:
    """Run hey; its requests per second and latency percentiles in ms."""
    result = subprocess.run(
        [
            "hey",
            "-z",
            f"{seconds}s",
            "-c",
            str(concurrency),
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    report = result.stdout
    statuses = re.findall(r"\[(\d{3})\]\s+(\d+) responses", report)
    if [status for status, _ in statuses] != ["200"]:
        sys.exit(f"hey saw other answers than 200:\n{report}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    numbers = {"rps": float(rate[1]) if rate else float("nan")}
    for percent in ("50", "95", "99"):
        found = re.search(rf"\s{percent}% in ([\d.]+) secs", report)
        numbers[f"p{percent}"] = float(found[1]) * 1000 if found else float("nan")
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("hey") is None:
        sys.exit("hey is not installed: apt-get install hey")

    workdir = Path(tempfile.mkdtemp(prefix="eventcore-bench-"))
    try:
        with bench_database(workdir, postgresql=args.postgresql) as (url, engine):
            started = time.perf_counter()
            fill(engine)
            print(
                f"{engine.dialect.name}: {USERS} users and {USERS * TOKENS_PER_USER} refresh "
                f"tokens inserted in {time.perf_counter() - started:.1f} s"
            )
            with eventcore_server(url, workdir) as server:
                compare(server.base, args.seconds, args.concurrency, args.rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def compare(base: str, seconds: int, concurrency: int, rounds: int) -> None:
    """Sign one user in twice (a login, a token alone) and load the profile with each."""
    registration = {"username": "bench", "email": "bench@example.org", "password": PASSWORD}
    with_login = post(base, "/api/v1/auth/register/", registration)["access"]
    login = {"email": "bench@example.org", "password": PASSWORD}
    alone = post(base, "/ticketing/api/users/login", login)["token"]

    print(f"GET {PROFILE}, {seconds} s each, {concurrency} at once, eventcore serve --workers 2\n")
    print(f"{'access token':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    kinds = [("of a login (sid)", with_login), ("issued alone (no sid)", alone)]
    for _, token in kinds:
        load(base + PROFILE, token, 2, concurrency)  # warm up both workers
    # Rounds in alternating order, so that a neighbour's load on a shared machine
    # does not fall on one kind only.
    for round_number in range(rounds):
        for name, token in kinds if round_number % 2 == 0 else kinds[::-1]:
            numbers = load(base + PROFILE, token, seconds, concurrency)
            print(
                f"{name:28} {numbers['rps']:8.0f} {numbers['p50']:8.1f} "
                f"{numbers['p95']:8.1f} {numbers['p99']:8.1f}"
            )


if __name__ == "__main__":
    main()
