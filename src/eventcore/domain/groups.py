"""Groups of users and their memberships (one per user and group).

Who manages a group: its creator renames it, deletes it, and adds or removes
anyone; every other user may add or remove only themselves. The creator is the
group's first member.
"""

from __future__ import annotations

from datetime import datetime

import attrs
from attrs import define, frozen

from eventcore.domain.errors import AlreadyExists, Conflict, Forbidden
from eventcore.domain.ids import GroupId, UserId
from eventcore.domain.inputs import TEXT, Change, change, given, refuses_unknown_fields, required
from eventcore.domain.validation import check_title

TITLE_MAX_LENGTH = 200


@define(kw_only=True)
class Group:
    id: GroupId = GroupId(0)
    title: str
    creator_id: UserId
    created_at: datetime
    updated_at: datetime


@define(kw_only=True)
class Membership:
    group_id: GroupId
    user_id: UserId
    created_at: datetime


@frozen
class GroupView:
    group: Group
    member_ids: tuple[UserId, ...]


class AlreadyMember(AlreadyExists):
    code = "already_member"


class NotMember(Conflict):
    code = "not_member"


@refuses_unknown_fields
@frozen(kw_only=True)
class GroupDraft:
    title: str = required(TEXT)


@refuses_unknown_fields
@frozen(kw_only=True)
class GroupChanges:
    title: Change[str] = change(TEXT)


def new_group(draft: GroupDraft, *, creator_id: UserId, now: datetime) -> Group:
    """Raises InvalidValue (title)."""
    title = draft.title.strip()
    check_title(title, maximum=TITLE_MAX_LENGTH)
    return Group(title=title, creator_id=creator_id, created_at=now, updated_at=now)


def changed_group(group: Group, changes: GroupChanges, now: datetime) -> Group:
    """Raises InvalidValue (title)."""
    values = given(changes)
    if "title" in values:
        values["title"] = values["title"].strip()
    updated = attrs.evolve(group, **values, updated_at=now)
    check_title(updated.title, maximum=TITLE_MAX_LENGTH)
    return updated


def ensure_may_manage_group(actor_id: UserId, group: Group) -> None:
    if actor_id != group.creator_id:
        raise Forbidden("Only the group's creator can change or delete it.", reason="group_creator")


def ensure_may_manage_membership(actor_id: UserId, group: Group, user_id: UserId) -> None:
    """Anyone adds or removes themselves; the creator adds or removes anyone."""
    if actor_id != user_id and actor_id != group.creator_id:
        raise Forbidden(
            "Only the group's creator can add or remove other members.", reason="group_members"
        )
