"""The per-worker poll announcer: once voting ends, vote_ended goes out once per poll,
however many workers look for ended polls at the same time."""

from __future__ import annotations

import queue
import secrets
import time
from datetime import timedelta

from eventcore.adapters.clock import FixedClock
from eventcore.background import announce_ended_polls_periodically
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.users import Registration
from eventcore.domain.voting import PollDraft
from eventcore.ports.notifier import StampedNotice
from eventcore.usecases import events, tokens, voting
from support.constants import T0
from support.notices import hear


def start_poll(core: Core, ends_in: timedelta) -> int:
    name = f"ada{secrets.token_hex(3)}"
    ada = tokens.sign_up(
        core.uow(),
        core.clock,
        core.hasher,
        core.tokens,
        Registration(username=name, email=f"{name}@example.org", password="correct horse battery"),
    )
    event = events.create_event(
        core.uow(),
        core.clock,
        core.notifier,
        ada.user.id,
        EventDraft(title="Picnic", starts_at=T0 + timedelta(days=2)),
    )
    poll = voting.create_poll(
        core.uow(),
        core.clock,
        core.notifier,
        ada.user.id,
        event.event.id,
        PollDraft(title="Where?", options=["Park", "Beach"], ends_at=core.clock.now() + ends_in),
    )
    return int(poll.poll.id)


def heard_ended(core: Core) -> queue.Queue[StampedNotice]:
    heard: queue.Queue[StampedNotice] = queue.Queue()
    core.notifier.subscribe(  # type: ignore[attr-defined]
        lambda stamped: heard.put(stamped) if hear(stamped.notice).type == "vote_ended" else None
    )
    return heard


def test_a_poll_is_announced_once_after_its_voting_ends() -> None:
    clock = FixedClock(T0)
    core = memory_core(clock=clock)
    poll_id = start_poll(core, ends_in=timedelta(hours=1))
    heard = heard_ended(core)
    announcer = announce_ended_polls_periodically(core, interval=0.02)
    try:
        time.sleep(0.1)
        assert heard.empty(), "announced before voting ended"
        clock.advance(timedelta(hours=1, seconds=1))
        ended = heard.get(timeout=2)
        time.sleep(0.1)
    finally:
        announcer.stop()

    assert hear(ended.notice).data["id"] == poll_id
    assert hear(ended.notice).data["status"] == "ended"
    assert heard.empty(), "announced twice"


def test_two_workers_looking_at_once_announce_each_poll_once(sql_core: Core) -> None:
    polls = {start_poll(sql_core, ends_in=timedelta(seconds=1)) for _ in range(3)}
    heard = heard_ended(sql_core)
    time.sleep(1.1)  # sql_core runs on the system clock
    workers = [announce_ended_polls_periodically(sql_core, interval=0.02) for _ in range(2)]
    try:
        announced = [hear(heard.get(timeout=5).notice).data["id"] for _ in polls]
        time.sleep(0.2)
    finally:
        for worker in workers:
            worker.stop()

    assert sorted(announced) == sorted(polls)
    assert heard.empty(), "a poll was announced twice"
