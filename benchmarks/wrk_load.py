"""One wrk run on one request, read back as numbers; or, for an answer too big to ask
for many times at once, single requests in a row."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from pathlib import Path

from attrs import frozen
from request_kinds import Request

THREADS = 2
CONNECTIONS = 16
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@frozen
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    # Answers other than 2xx or 3xx, and socket errors (timeouts included).
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def write_script(request: Request, folder: Path, name: str) -> Path:
    """A wrk script sending `request` (its method, headers and body) on every call."""
    lines = [f'wrk.method = "{request.method}"']
    for header, value in request.all_headers().items():
        lines.append(f'wrk.headers["{header}"] = "{value}"')
    data = request.data()
    if data is not None:
        # A long bracket takes the JSON as it is, quotes and backslashes included.
        lines.append(f"wrk.body = [==[{data.decode()}]==]")
    script = folder / f"{name}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def wrk(base: str, request: Request, script: Path, seconds: int) -> Load:
    done = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base + request.path,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return _read(done.stdout)


def _read(report: str) -> Load:
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", report)
    if done is None:
        raise SystemExit(f"wrk printed what the benchmark cannot read:\n{report}")
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    errors = int(failed.group(1)) if failed else 0
    errors += sum(int(count) for count in sockets.groups()) if sockets else 0
    return Load(
        requests=int(done.group(1)),
        seconds=_ms(done.group(2), done.group(3)) / 1000,
        p50_ms=_percentile(report, 50),
        p99_ms=_percentile(report, 99),
        errors=errors,
    )


def _percentile(report: str, percent: int) -> float:
    """A line of wrk's latency distribution, in ms; NaN when no request was answered."""
    found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", report, re.MULTILINE)
    return _ms(found.group(1), found.group(2)) if found else float("nan")


def _ms(number: str, unit: str) -> float:
    return float(number) * _UNITS_MS[unit]


def one_at_a_time(base: str, request: Request, count: int) -> Load:
    """`count` requests in a row on one connection each; the times are to the last byte."""
    timings, errors = [], 0
    for _ in range(count):
        started = time.perf_counter()
        sent = urllib.request.Request(
            base + request.path, data=request.data(), headers=request.all_headers()
        )
        sent.method = request.method
        try:
            with urllib.request.urlopen(sent, timeout=600) as answer:
                answer.read()
        except OSError:
            errors += 1
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return Load(
        requests=count,
        seconds=sum(timings) / 1000,
        p50_ms=timings[(count - 1) // 2],
        p99_ms=timings[-1],
        errors=errors,
    )
