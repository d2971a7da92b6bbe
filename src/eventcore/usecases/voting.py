"""Polls ("votes" in GatherHub): create, read, list, cast a ballot, results, and the
announcement of polls whose voting has ended.

Notices go out after the commit: vote_created, vote_cast followed by
vote_results (the new tally), and vote_ended once per poll. They are heard by
everyone for a public event and by its creator and participants for a private
one.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain import voting as rules
from eventcore.domain.errors import InvalidValue, NotFound, Reason
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, PollId, UserId
from eventcore.domain.notices import Audience, BallotCast, PollCounted, PollEnded, PollOpened
from eventcore.domain.paging import Page, PageRequest
from eventcore.domain.planning_views import PollDetails, PollView
from eventcore.domain.voting import Poll, PollDraft, PollFilter
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.event_access import audience, takes_part, visible_event

# How many ended polls one transaction of `announce_ended_polls` claims.
ANNOUNCE_BATCH = 100


def create_poll(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    draft: PollDraft,
) -> PollView:
    """Start a poll on an event the actor takes part in, with the option texts given.

    Raises InvalidValue for a bad field (`event_id` when the actor can see no
    such event), Forbidden when the actor does not take part in the event.
    """
    now = clock.now()
    with uow:
        event = visible_event(
            uow, actor_id, event_id, missing=InvalidValue("event_id", Reason.NO_SUCH_EVENT)
        )
        poll = rules.new_poll(
            event, actor_id, draft, now=now, creator_takes_part=takes_part(uow, event, actor_id)
        )
        view = _view(uow, uow.polls.add(poll).id)
        heard_by = audience(uow, event)
        uow.commit()
    notifier.publish(PollOpened(poll=view.poll, audience=heard_by))
    return view


def get_poll(uow: UnitOfWork, viewer_id: UserId | None, poll_id: PollId) -> PollDetails:
    """The poll with its counts and the viewer's own ballot, if any.

    Raises NotFound, also when the viewer may not see the poll's event.
    """
    with uow:
        _poll_and_event(uow, viewer_id, poll_id)
        ballot = uow.polls.ballot_of(poll_id, viewer_id) if viewer_id is not None else None
        return PollDetails(_view(uow, poll_id), ballot)


def poll_results(uow: UnitOfWork, viewer_id: UserId | None, poll_id: PollId) -> PollView:
    """The poll with its counts; its `tally` holds percentages and the winner.

    Raises NotFound, also when the viewer may not see the poll's event.
    """
    with uow:
        _poll_and_event(uow, viewer_id, poll_id)
        return _view(uow, poll_id)


def list_polls(uow: UnitOfWork, where: PollFilter, request: PageRequest) -> Page[PollView]:
    """One page of the polls matching `where`, oldest first."""
    with uow:
        return uow.polls.page(where, request)


def cast_ballot(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    poll_id: PollId,
    option_ids: Sequence[int],
) -> PollDetails:
    """Cast the actor's one ballot on a poll; answers the poll with the new counts.

    Raises NotFound, Forbidden (not taking part in the event), VotingEnded (a
    Forbidden), AlreadyVoted (a Conflict, also when a parallel request won), or
    InvalidValue for the options chosen.
    """
    now = clock.now()
    with uow:
        poll, event = _poll_and_event(uow, actor_id, poll_id)
        ballot = rules.cast(
            poll,
            actor_id,
            option_ids,
            now,
            takes_part=takes_part(uow, event, actor_id),
            already_voted=uow.polls.ballot_of(poll_id, actor_id) is not None,
        )
        stored = uow.polls.add_ballot(ballot)
        view = _view(uow, poll_id)
        heard_by = audience(uow, event)
        uow.commit()
    cast = BallotCast(
        poll_id=poll_id,
        title=poll.title,
        event_id=poll.event_id,
        user_id=actor_id,
        total_votes=view.total_votes,
        audience=heard_by,
    )
    notifier.publish(cast)
    notifier.publish(PollCounted(view=view, status=view.poll.status(now), audience=heard_by))
    return PollDetails(view, stored)


def announce_ended_polls(uow: UnitOfWork, clock: Clock, notifier: Notifier) -> int:
    """Publish vote_ended, with the final results, for each poll that ended and was not
    announced yet; returns how many this call announced.

    Safe to run from several workers at once: each poll is claimed by a
    conditional write, so exactly one caller announces it. Works through the
    backlog in transactions of ANNOUNCE_BATCH polls, entering `uow` once for each.
    """
    now = clock.now()
    announced = 0
    while True:
        with uow:
            due = uow.polls.ended_unannounced(now, ANNOUNCE_BATCH)
            claimed = [poll_id for poll_id in due if uow.polls.mark_announced(poll_id)]
            notices = [
                PollEnded(
                    view=view,
                    status=view.poll.status(now),
                    audience=_event_audience(uow, view.poll),
                )
                for view in uow.polls.views(claimed)
            ]
            uow.commit()
        for notice in notices:
            notifier.publish(notice)
        announced += len(notices)
        if len(due) < ANNOUNCE_BATCH:
            return announced


def _event_audience(uow: UnitOfWork, poll: Poll) -> Audience:
    event = uow.events.get(poll.event_id)
    # A poll goes with its event; should one be gone all the same, tell nobody.
    return frozenset() if event is None else audience(uow, event)


def _poll_and_event(
    uow: UnitOfWork, viewer_id: UserId | None, poll_id: PollId
) -> tuple[Poll, Event]:
    missing = NotFound("Vote not found.", field="id")
    poll = uow.polls.get(poll_id)
    if poll is None:
        raise missing
    return poll, visible_event(uow, viewer_id, poll.event_id, missing=missing)


def _view(uow: UnitOfWork, poll_id: PollId) -> PollView:
    view = uow.polls.view(poll_id)
    if view is None:
        raise NotFound("Vote not found.", field="id")
    return view
