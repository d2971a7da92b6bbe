"""/api/v1/voting/: list, create, detail, cast a vote, results (polls in the core)."""

from __future__ import annotations

from typing import Any

from eventcore.domain.ids import EventId, PollId, UserId
from eventcore.domain.paging import PageRequest
from eventcore.domain.planning_views import PollDetails, PollView
from eventcore.domain.voting import PollDraft, PollFilter, PollStatus
from eventcore.http.context import core
from eventcore.http.surfaces.gatherhub import planning_schemas as schemas
from eventcore.http.surfaces.gatherhub.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.gatherhub.blueprint import gatherhub_blueprint
from eventcore.http.surfaces.gatherhub.paging import paged
from eventcore.usecases import voting

# A vote's `ends_at` is called so by the client too (an event's is its `end_date`).
blp = gatherhub_blueprint(
    "voting", "/api/v1/voting", "Votes (polls) on events", field_names={"ends_at": "ends_at"}
)
blp_doc = {"security": [BEARER_SCHEME]}


@blp.route("/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.PollListQuery, location="query", as_kwargs=True)
@blp.response(200, schemas.PollPageOut)
def list_votes(page: int, page_size: int, **query: Any) -> dict[str, Any]:
    c = core()
    where = PollFilter(
        viewer_id=actor().id,
        event_id=EventId(query["event"]) if "event" in query else None,
        creator_id=UserId(query["creator"]) if "creator" in query else None,
        status=PollStatus(query["status"]) if "status" in query else None,
        now=c.clock.now(),
    )
    return paged(voting.list_polls(c.uow(), where, PageRequest(page, page_size)))


@blp.route("/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.PollIn)
@blp.response(201, schemas.PollCreatedOut)
@blp.alt_response(400, description="Invalid fields: fewer than two options, an end in the past")
@blp.alt_response(403, description="Not taking part in the event")
def create_vote(data: dict[str, Any]) -> PollView:
    c = core()
    event_id = EventId(data.pop("event_id"))
    return voting.create_poll(
        c.uow(),
        c.clock,
        c.notifier,
        actor().id,
        event_id,
        PollDraft(**data),
    )


@blp.route("/<int:poll_id>/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.PollDetailOut)
@blp.alt_response(404, description="Vote does not exist")
def vote_detail(poll_id: int) -> PollDetails:
    return voting.get_poll(core().uow(), actor().id, PollId(poll_id))


@blp.route("/<int:poll_id>/vote/", methods=["POST"])
@bearer_required
@blp.doc(**blp_doc)
@blp.arguments(schemas.CastIn)
@blp.response(200, schemas.CastOut)
@blp.alt_response(400, description="Already voted or invalid options")
@blp.alt_response(403, description="Voting ended or not authorized")
@blp.alt_response(404, description="Vote does not exist")
def cast(data: dict[str, Any], poll_id: int) -> dict[str, Any]:
    c = core()
    details = voting.cast_ballot(
        c.uow(), c.clock, c.notifier, actor().id, PollId(poll_id), data["option_ids"]
    )
    return {"message": "Vote cast successfully", "vote": details}


@blp.route("/<int:poll_id>/results/", methods=["GET"])
@bearer_required
@blp.doc(**blp_doc)
@blp.response(200, schemas.ResultsOut)
@blp.alt_response(404, description="Vote does not exist")
def results(poll_id: int) -> PollView:
    return voting.poll_results(core().uow(), actor().id, PollId(poll_id))
