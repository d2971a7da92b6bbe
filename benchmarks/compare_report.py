"""The HTTP benchmark's table and what it says about the goals of issue 14."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

from attrs import frozen
from machine import Quiet
from request_kinds import DETAIL, FILTERS, FIRST_PAGE, HEALTH, Kind
from same_answers import BASELINE, EVENTCORE
from wrk_load import Load

# What DRF served for the detail, as recorded before eventcore (it cannot run here).
DRF_DETAIL_PER_SECOND = (190, 240)


@frozen
class Measured:
    kind: str
    server: str
    round: int
    load: Load
    cpu_ms_per_request: float
    quiet: Quiet


def _ratio(results: Sequence[Measured], kind: str, round_number: int) -> float | None:
    """eventcore's requests per second over the baseline's, in one round."""
    rates = {
        m.server: m.load.per_second for m in results if (m.kind, m.round) == (kind, round_number)
    }
    if not rates.get(BASELINE) or EVENTCORE not in rates:
        return None
    return rates[EVENTCORE] / rates[BASELINE]


def print_table(
    kinds: Sequence[Kind], results: Sequence[Measured], statements: dict[str, dict[str, int]]
) -> None:
    print(
        f"{'kind':18} {'server':9} {'round':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>10} {'stmts/req':>9} {'ec/base':>7} {'busy %':>6} {'errors':>6}"
    )
    for kind in kinds:
        mine = sorted(
            (m for m in results if m.kind == kind.name),
            key=lambda m: (m.round, m.server != EVENTCORE),
        )
        for m in mine:
            ratio = _ratio(results, m.kind, m.round) if m.server == EVENTCORE else None
            # A star: the machine did not quieten within the wait before this run.
            busy = f"{m.quiet.busy_percent:.0f}{'*' if m.quiet.gave_up else ''}"
            print(
                f"{m.kind:18} {m.server:9} {m.round:>5} {m.load.per_second:8.1f} "
                f"{m.load.p50_ms:8.1f} {m.load.p99_ms:8.1f} {m.cpu_ms_per_request:10.2f} "
                f"{statements[m.kind][m.server]:9d} {_shown(ratio):>7} {busy:>6} "
                f"{m.load.errors:6d}"
            )


def _shown(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.2f}"


def _median(values: Sequence[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def print_goals(kinds: Sequence[Kind], results: Sequence[Measured]) -> None:
    """Each goal of issue 14 against the median of the rounds."""
    rounds = sorted({m.round for m in results})
    names = {kind.name for kind in kinds}
    small_list = next(kind.name for kind in kinds if kind.small)

    def rate(kind: str, server: str, round_number: int) -> float | None:
        found = [m for m in results if (m.kind, m.server, m.round) == (kind, server, round_number)]
        return found[0].load.per_second if found else None

    def eventcore_median(pick: Callable[[Measured], float], kind: str) -> float | None:
        return _median([pick(m) for m in results if (m.kind, m.server) == (kind, EVENTCORE)])

    def over(top: str, bottom: str, server: str = EVENTCORE) -> float | None:
        """The median over the rounds of `top`'s rate divided by `bottom`'s."""
        ratios = []
        for r in rounds:
            up, down = rate(top, server, r), rate(bottom, server, r)
            ratios.append(up / down if up and down else None)
        return _median(ratios)

    def line(goal: str, value: float | None, unit: str, met: bool | None, note: str = "") -> None:
        shown = "n/a" if value is None else f"{value:.2f}{unit}"
        verdict = "" if met is None or value is None else ("met" if met else "NOT met")
        print(f"  {goal:44} {shown:>10}  {verdict:8} {note}".rstrip())

    print("Goals, on the median of the rounds (eventcore's figures unless said):")
    vs_base = _median([_ratio(results, FIRST_PAGE, r) for r in rounds])
    line("list >= 0.8x baseline (req/s)", vs_base, "x", vs_base is not None and vs_base >= 0.8)
    p99 = eventcore_median(lambda m: m.load.p99_ms, FIRST_PAGE)
    line("list p99 < 50 ms at 16 connections", p99, " ms", p99 is not None and p99 < 50)
    scale = over(FIRST_PAGE, small_list)
    line(f"list within 10% of {small_list} (req/s)", scale, "x", scale is not None and scale >= 0.9)
    for name in FILTERS:
        # How many times the first page's time per request the filter takes.
        slower = over(FIRST_PAGE, name)
        baseline_slower = over(FIRST_PAGE, name, BASELINE)
        note = "" if baseline_slower is None else f"(baseline {baseline_slower:.2f}x)"
        line(
            f"{name} <= 2x the first page's time",
            slower,
            "x",
            slower is not None and slower <= 2,
            note,
        )
    detail = eventcore_median(lambda m: m.load.per_second, DETAIL)
    low, high = DRF_DETAIL_PER_SECOND
    drf_note = (
        ""
        if detail is None
        else f"= {detail / high:.1f}-{detail / low:.1f}x DRF's {low}-{high} req/s"
    )
    line(
        "detail >= 4x DRF (req/s)", detail, "", detail is not None and detail >= 4 * high, drf_note
    )
    detail_p99 = eventcore_median(lambda m: m.load.p99_ms, DETAIL)
    line("detail p99 < 30 ms", detail_p99, " ms", detail_p99 is not None and detail_p99 < 30)
    health = _median([_ratio(results, HEALTH, r) for r in rounds])
    line("health >= 0.8x a constant-JSON app", health, "x", health is not None and health >= 0.8)
    # The calendars and ticketing's lists: "the same shape of result" as the list.
    named = {FIRST_PAGE, small_list, DETAIL, HEALTH, *FILTERS}
    for name in (kind.name for kind in kinds if kind.name in names - named):
        ratio = _median([_ratio(results, name, r) for r in rounds])
        line(f"{name} >= 0.8x baseline", ratio, "x", ratio is not None and ratio >= 0.8)
