"""Groups and their members: create, read, list, rename, delete; add and remove members.

The creator manages a group and is its first member; anyone may add or remove
themselves (domain/groups.py). One membership per user and group is held by the
repository (a UNIQUE constraint in SQL); the group is locked while its members
change, so parallel requests queue up.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain.errors import AlreadyExists, NotFound
from eventcore.domain.groups import (
    AlreadyMember,
    Group,
    GroupChanges,
    GroupDraft,
    GroupView,
    Membership,
    NotMember,
    changed_group,
    ensure_may_manage_group,
    ensure_may_manage_membership,
    new_group,
)
from eventcore.domain.ids import MAX_ID, GroupId, UserId
from eventcore.ports.clock import Clock
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user

ALREADY_MEMBER = "User already in group"
NOT_A_MEMBER = "User is not a member of this group"


def group_not_found() -> NotFound:
    return NotFound("Group not found.", field="group_id")


def member_not_found() -> NotFound:
    return NotFound("Group or user not found.", field="user_id")


def create_group(uow: UnitOfWork, clock: Clock, actor_id: UserId, draft: GroupDraft) -> GroupView:
    """Create a group with the actor as its first member. Raises NotFound or InvalidValue."""
    now = clock.now()
    with uow:
        existing_user(uow, actor_id)
        group = uow.groups.add(new_group(draft, creator_id=actor_id, now=now))
        uow.groups.add_member(Membership(group_id=group.id, user_id=actor_id, created_at=now))
        view = _view(uow, group)
        uow.commit()
        return view


def get_group(uow: UnitOfWork, group_id: GroupId) -> GroupView:
    """The group with its members. Raises NotFound."""
    with uow:
        return _view(uow, _group(uow, group_id, lock=False))


def list_groups(uow: UnitOfWork) -> Sequence[Group]:
    """Every group, by id."""
    with uow:
        return uow.groups.list()


def update_group(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, group_id: GroupId, changes: GroupChanges
) -> Group:
    """Rename a group, as its creator. Raises NotFound, Forbidden or InvalidValue."""
    with uow:
        group = _group(uow, group_id, lock=True)
        ensure_may_manage_group(actor_id, group)
        updated = changed_group(group, changes, clock.now())
        uow.groups.save(updated)
        uow.commit()
        return updated


def delete_group(uow: UnitOfWork, actor_id: UserId, group_id: GroupId) -> None:
    """Delete a group with its memberships, as its creator. Raises NotFound or Forbidden."""
    with uow:
        ensure_may_manage_group(actor_id, _group(uow, group_id, lock=True))
        uow.groups.delete(group_id)
        uow.commit()


def add_member(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, group_id: GroupId, user_id: UserId
) -> None:
    """Add `user_id` to the group: oneself, or anyone as the creator.

    Raises NotFound (no such group or user), Forbidden, or AlreadyMember.
    """
    with uow:
        group = _group(uow, group_id, lock=True, missing=member_not_found())
        if not 0 < user_id <= MAX_ID or uow.users.get(user_id) is None:
            raise member_not_found()
        ensure_may_manage_membership(actor_id, group, user_id)
        try:
            uow.groups.add_member(
                Membership(group_id=group_id, user_id=user_id, created_at=clock.now())
            )
        except AlreadyExists as clash:
            raise AlreadyMember(ALREADY_MEMBER, field="user_id") from clash
        uow.commit()


def remove_member(uow: UnitOfWork, actor_id: UserId, group_id: GroupId, user_id: UserId) -> None:
    """Remove `user_id` from the group: oneself, or anyone as the creator.

    Raises NotFound (no such group or user), Forbidden, or NotMember.
    """
    with uow:
        group = _group(uow, group_id, lock=True, missing=member_not_found())
        if not 0 < user_id <= MAX_ID or uow.users.get(user_id) is None:
            raise member_not_found()
        ensure_may_manage_membership(actor_id, group, user_id)
        if not uow.groups.remove_member(group_id, user_id):
            raise NotMember(NOT_A_MEMBER, field="user_id")
        uow.commit()


def _group(
    uow: UnitOfWork, group_id: GroupId, *, lock: bool, missing: NotFound | None = None
) -> Group:
    group = None
    if 0 < group_id <= MAX_ID:
        group = uow.groups.lock(group_id) if lock else uow.groups.get(group_id)
    if group is None:
        raise missing or group_not_found()
    return group


def _view(uow: UnitOfWork, group: Group) -> GroupView:
    return GroupView(group, tuple(m.user_id for m in uow.groups.members(group.id)))
