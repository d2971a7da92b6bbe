"""/invites and /invite: invites to be friends or to join a group event; sending one,
and accepting or declining one sent to the caller."""

from __future__ import annotations

from typing import Any

from flask import Response

from eventcore.domain.ids import EventId, InviteId, UserId
from eventcore.domain.social import InviteKind
from eventcore.http.context import core
from eventcore.http.surfaces.socialcalendar import schemas
from eventcore.http.surfaces.socialcalendar.auth import SECURED, actor, session_required
from eventcore.http.surfaces.socialcalendar.blueprint import socialcalendar_blueprint
from eventcore.usecases import invites
from eventcore.usecases.invites import InviteRequest

blp = socialcalendar_blueprint("invites", "Invites to be friends or to join a group event")


@blp.route("/invites", methods=["GET"])
@session_required
@blp.doc(**SECURED)
@blp.response(200, schemas.InviteOut(many=True))
@blp.alt_response(204, description="No invites")
@blp.alt_response(401, description="No valid session")
def list_invites() -> Any:
    """The invites waiting for the caller's answer."""
    found = invites.list_invites(core().uow(), actor().id)
    if not found:
        return Response(status=204)
    return [schemas.invite(invite) for invite in found]


@blp.route("/invite", methods=["POST"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.InviteIn)
@blp.response(204, description="Sent (or already waiting)")
@blp.alt_response(400, description="A bad body: type, receiver_id, event_id; or already friends")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="The caller does not take part in the event")
@blp.alt_response(404, description="No such receiver or event")
def send_invite(body: dict[str, Any]) -> Response:
    """Invite someone to be friends, or to a group event one takes part in."""
    event_id = body["event_id"]
    request = InviteRequest(
        kind=InviteKind(body["type"]),
        receiver_id=UserId(body["receiver_id"]),
        event_id=EventId(event_id) if event_id is not None else None,
    )
    c = core()
    invites.send_invite(c.uow(), c.clock, actor().id, request)
    return Response(status=204)


@blp.route("/invite", methods=["DELETE"])
@session_required
@blp.doc(**SECURED)
@blp.arguments(schemas.InviteAnswerQuery, location="query", as_kwargs=True)
@blp.response(204, description="Answered; the invite is gone")
@blp.alt_response(400, description="No id, or an action other than accept or decline")
@blp.alt_response(401, description="No valid session")
@blp.alt_response(403, description="The invite was sent to someone else")
@blp.alt_response(404, description="No such invite")
def answer_invite(id: int, action: str) -> Response:
    """Accept or decline an invite sent to the caller."""
    c = core()
    invites.answer_invite(
        c.uow(), c.clock, c.notifier, actor().id, InviteId(id), accept=action == "accept"
    )
    return Response(status=204)
