"""What the benchmark reads of the machine from /proc: how busy it is, and the CPU time
and memory of a gunicorn server's workers."""

from __future__ import annotations

import os
import time
from pathlib import Path

from attrs import frozen

_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's children: its workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def cpu_ms(pids: list[int]) -> float:
    """User plus system CPU time the processes have used so far, in ms."""
    ticks = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # Fields after the command name, which is in parentheses and may hold blanks:
        # utime and stime are the 14th and 15th of the whole line.
        fields = stat.rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks * 1000 / _TICKS_PER_SECOND


def settled_cpu_ms(pids: list[int], *, poll_seconds: float = 0.1, at_most: float = 10.0) -> float:
    """`cpu_ms(pids)` once the processes have stopped using CPU: a load generator that
    stops leaves requests behind, which the server still finishes."""
    deadline = time.monotonic() + at_most
    used = cpu_ms(pids)
    while time.monotonic() < deadline:
        time.sleep(poll_seconds)
        now = cpu_ms(pids)
        if now == used:
            break
        used = now
    return used


@frozen
class Memory:
    """A process's memory, in MiB. `resident` counts every page it has in RAM, those it
    shares with other processes too (the libraries' code, and what a worker has not
    written since gunicorn's master forked it); `proportional` counts a shared page
    as a share of it; `own` is what only this process holds."""

    resident: float
    proportional: float
    own: float

    def __str__(self) -> str:
        return f"{self.resident:.0f}/{self.proportional:.0f}/{self.own:.0f}"


def memory(pid: int) -> Memory:
    kib: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        value = rest.split()
        if len(value) == 2 and value[1] == "kB":
            kib[name] = int(value[0])
    return Memory(
        resident=kib["Rss"] / 1024,
        proportional=kib["Pss"] / 1024,
        own=(kib["Private_Clean"] + kib["Private_Dirty"]) / 1024,
    )


def _cpu_times() -> tuple[int, int]:
    """All CPU time of the machine so far, and the part of it spent idle, in ticks."""
    numbers = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = numbers[3] + numbers[4]  # idle and iowait
    return sum(numbers), idle


@frozen
class Quiet:
    """How busy the machine was in the last sample before a run, and whether the wait
    for it to quieten gave up."""

    busy_percent: float
    gave_up: bool


def wait_for_quiet(
    *, busy_below: float = 15.0, sample_seconds: float = 0.25, give_up_after: float = 1.0
) -> Quiet:
    """Wait until the whole machine is less than `busy_below` % busy over a sample (a run
    just ended needs a moment to settle, and other work may be running), for at most
    `give_up_after` seconds."""
    deadline = time.monotonic() + give_up_after
    while True:
        total, idle = _cpu_times()
        time.sleep(sample_seconds)
        total_after, idle_after = _cpu_times()
        elapsed = max(1, total_after - total)
        busy = 100.0 * (1 - (idle_after - idle) / elapsed)
        if busy < busy_below:
            return Quiet(busy, gave_up=False)
        if time.monotonic() >= deadline:
            return Quiet(busy, gave_up=True)
