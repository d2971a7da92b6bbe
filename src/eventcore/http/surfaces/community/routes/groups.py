"""/api/groups: groups and their members. The creator renames, deletes and manages
members; anyone adds or removes themselves."""

from __future__ import annotations

from typing import Any

from flask import Response

from eventcore.domain.errors import NotFound
from eventcore.domain.groups import GroupChanges, GroupDraft
from eventcore.domain.ids import GroupId, UserId
from eventcore.http.context import core
from eventcore.http.surfaces.community import schemas
from eventcore.http.surfaces.community.auth import COOKIE_SCHEME, actor, session_required
from eventcore.http.surfaces.community.blueprint import community_blueprint
from eventcore.http.surfaces.community.errors import Speech, Worded, speaking
from eventcore.usecases import groups

blp = community_blueprint("groups", "Groups and their members")
secured = {"security": [COOKIE_SCHEME]}
GROUP_NOT_FOUND = "Group not found"
MEMBER_NOT_FOUND = "Group or user not found"
MANAGE_MEMBERS = "Only the group's creator can add or remove other members"


@blp.route("/groups", methods=["POST"])
@session_required
@speaking(Speech(invalid="group creation failed"))
@blp.doc(**secured)
@blp.arguments(schemas.GroupIn)
@blp.response(201, schemas.GroupCreated)
@blp.alt_response(400, description="group creation failed: <field> ...")
def create_group(body: dict[str, str]) -> tuple[dict[str, Any], int]:
    c = core()
    view = groups.create_group(c.uow(), c.clock, actor().id, GroupDraft(title=body["title"]))
    return {"message": "Group created successfully", "data": schemas.group_out(view.group)}, 201


@blp.route("/groups", methods=["GET"])
@session_required
@blp.doc(**secured)
@blp.response(200, schemas.GroupsEnvelope)
def list_groups() -> dict[str, Any]:
    found = groups.list_groups(core().uow())
    return {
        "message": "All groups successfully fetched",
        "data": [schemas.group_out(group) for group in found],
    }


@blp.route("/groups/<int:group_id>", methods=["GET"])
@session_required
@speaking(Speech(not_found=GROUP_NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.GroupFetched)
@blp.alt_response(404, description=GROUP_NOT_FOUND)
def get_group(group_id: int) -> dict[str, Any]:
    view = groups.get_group(core().uow(), GroupId(group_id))
    return {
        "status": "success",
        "message": "Group details successfully fetched",
        "data": schemas.group_details(view),
    }


@blp.route("/groups/<int:group_id>", methods=["PUT"])
@session_required
@speaking(
    Speech(
        invalid="Something is wrong with the request data",
        forbidden="Only the creator can update this group",
    )
)
@blp.doc(**secured)
@blp.arguments(schemas.GroupIn)
@blp.response(200, schemas.GroupUpdated)
@blp.alt_response(400, description="Something is wrong with the request data: <field> ...")
@blp.alt_response(403, description="Only the creator can update this group")
@blp.alt_response(404, description="Group with ID <id> not found")
def update_group(body: dict[str, str], group_id: int) -> dict[str, Any]:
    c = core()
    try:
        group = groups.update_group(
            c.uow(), c.clock, actor().id, GroupId(group_id), GroupChanges(title=body["title"])
        )
    except NotFound as missing:
        raise Worded(404, f"Group with ID {group_id} not found") from missing
    shown = schemas.group_out(group)
    return {"message": "Group updated successfully", "group": shown, "data": shown}


@blp.route("/groups/<int:group_id>", methods=["DELETE"])
@session_required
@speaking(Speech(not_found=GROUP_NOT_FOUND, forbidden="Only the creator can delete group"))
@blp.doc(**secured)
@blp.response(204, description="Deleted, with its memberships")
@blp.alt_response(403, description="Only the creator can delete group")
@blp.alt_response(404, description=GROUP_NOT_FOUND)
def delete_group(group_id: int) -> Response:
    groups.delete_group(core().uow(), actor().id, GroupId(group_id))
    return Response(status=204)


@blp.route("/groups/<int:group_id>/members/<int:user_id>", methods=["POST"])
@session_required
@speaking(Speech(not_found=MEMBER_NOT_FOUND, forbidden=MANAGE_MEMBERS))
@blp.doc(**secured)
@blp.response(200, schemas.MemberOut)
@blp.alt_response(403, description="User already in group")
@blp.alt_response(404, description=MEMBER_NOT_FOUND)
def add_member(group_id: int, user_id: int) -> dict[str, Any]:
    c = core()
    groups.add_member(c.uow(), c.clock, actor().id, GroupId(group_id), UserId(user_id))
    return {"message": "User added to Group", "data": group_id}


@blp.route("/groups/<int:group_id>/members/<int:user_id>", methods=["DELETE"])
@session_required
@speaking(Speech(not_found=MEMBER_NOT_FOUND, forbidden=MANAGE_MEMBERS))
@blp.doc(**secured)
@blp.response(200, schemas.MemberOut)
@blp.alt_response(403, description="User is not a member of this group")
@blp.alt_response(404, description=MEMBER_NOT_FOUND)
def remove_member(group_id: int, user_id: int) -> dict[str, Any]:
    groups.remove_member(core().uow(), actor().id, GroupId(group_id), UserId(user_id))
    return {"message": "User removed from group successfully", "data": group_id}
