"""Comments, images, likes, interest and groups, on the memory core."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eventcore.bootstrap import Core
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.comments import CommentDraft, CommentImageDraft
from eventcore.domain.errors import Forbidden, InvalidValue, NotFound
from eventcore.domain.groups import AlreadyMember, GroupChanges, GroupDraft, NotMember
from eventcore.domain.ids import CommentId, EventId, GroupId, UserId
from eventcore.domain.users import User
from eventcore.domain.views import EventView
from eventcore.usecases import attendance, comments, groups, interests

Tables = dict[str, dict[object, object]]


@pytest.fixture
def party(ada: User, make_event: Callable[..., EventView]) -> EventId:
    return make_event(ada).event.id


def test_comments_are_listed_oldest_first_and_a_blank_one_is_refused(
    core: Core, ada: User, bob: User, party: EventId, snapshot: Callable[[], Tables]
) -> None:
    first = comments.add_comment(core.uow(), core.clock, bob.id, party, CommentDraft(body=" Hi "))
    second = comments.add_comment(core.uow(), core.clock, ada.id, party, CommentDraft(body="Yo"))
    assert first.body == "Hi"
    assert comments.list_comments(core.uow(), bob.id, party) == [first, second]
    before = snapshot()
    with pytest.raises(InvalidValue) as refused:
        comments.add_comment(core.uow(), core.clock, bob.id, party, CommentDraft(body="  "))
    assert refused.value.field == "body"
    with pytest.raises(NotFound):
        comments.add_comment(core.uow(), core.clock, bob.id, EventId(99), CommentDraft(body="x"))
    assert snapshot() == before


def test_comments_on_a_private_event_are_hidden_from_outsiders(
    core: Core, ada: User, bob: User, make_event: Callable[..., EventView]
) -> None:
    secret = make_event(ada, is_private=True).event.id
    with pytest.raises(NotFound):
        comments.add_comment(core.uow(), core.clock, bob.id, secret, CommentDraft(body="Hi"))
    with pytest.raises(NotFound):
        comments.list_comments(core.uow(), bob.id, secret)


def test_only_the_author_adds_images_to_a_comment(
    core: Core, ada: User, bob: User, party: EventId
) -> None:
    comment = comments.add_comment(core.uow(), core.clock, bob.id, party, CommentDraft(body="Hi"))
    image = comments.add_comment_image(
        core.uow(), core.clock, bob.id, comment.id, CommentImageDraft(url="https://e.org/a.png")
    )
    with pytest.raises(Forbidden):
        comments.add_comment_image(
            core.uow(), core.clock, ada.id, comment.id, CommentImageDraft(url="https://e.org/b")
        )
    with pytest.raises(InvalidValue):
        comments.add_comment_image(
            core.uow(), core.clock, bob.id, comment.id, CommentImageDraft(url=" ")
        )
    assert comments.list_comment_images(core.uow(), ada.id, comment.id) == [image]
    with pytest.raises(NotFound):
        comments.list_comment_images(core.uow(), ada.id, CommentId(99))


def test_a_like_toggles_and_counts_once_per_user(
    core: Core, ada: User, bob: User, party: EventId
) -> None:
    comment = comments.add_comment(core.uow(), core.clock, bob.id, party, CommentDraft(body="Hi"))
    first = comments.toggle_like(core.uow(), core.clock, ada.id, comment.id)
    assert (first.liked, first.count) == (True, 1)
    other = comments.toggle_like(core.uow(), core.clock, bob.id, comment.id)
    assert (other.liked, other.count) == (True, 2)
    undone = comments.toggle_like(core.uow(), core.clock, ada.id, comment.id)
    assert (undone.liked, undone.count) == (False, 1)
    assert comments.like_count(core.uow(), ada.id, comment.id) == 1
    with pytest.raises(NotFound):
        comments.toggle_like(core.uow(), core.clock, ada.id, CommentId(99))


def test_interest_is_the_shared_interested_attendance(
    core: Core, ada: User, bob: User, party: EventId
) -> None:
    assert interests.show_interest(core.uow(), core.clock, bob.id, bob.id, party)
    assert not interests.show_interest(core.uow(), core.clock, bob.id, bob.id, party)
    (mine,) = attendance.list_user_attendances(core.uow(), bob.id, bob.id)
    assert (mine.event_id, mine.status) == (party, AttendanceStatus.INTERESTED)
    assert interests.withdraw_interest(core.uow(), bob.id, bob.id, party)
    assert not interests.withdraw_interest(core.uow(), bob.id, bob.id, party)
    assert attendance.list_user_attendances(core.uow(), bob.id, bob.id) == []


def test_interest_leaves_a_registration_alone_and_revives_a_cancelled_one(
    core: Core, bob: User, party: EventId
) -> None:
    attendance.join_event(core.uow(), core.clock, core.notifier, bob.id, party)
    assert not interests.show_interest(core.uow(), core.clock, bob.id, bob.id, party)
    assert not interests.withdraw_interest(core.uow(), bob.id, bob.id, party)
    attendance.leave_event(core.uow(), core.clock, core.notifier, bob.id, party)
    assert interests.show_interest(core.uow(), core.clock, bob.id, bob.id, party)
    (mine,) = attendance.list_user_attendances(core.uow(), bob.id, bob.id)
    assert mine.status is AttendanceStatus.INTERESTED


def test_interest_is_ones_own_and_needs_an_event(
    core: Core, ada: User, bob: User, party: EventId
) -> None:
    with pytest.raises(Forbidden):
        interests.show_interest(core.uow(), core.clock, ada.id, bob.id, party)
    with pytest.raises(Forbidden):
        interests.withdraw_interest(core.uow(), ada.id, bob.id, party)
    with pytest.raises(NotFound):
        interests.show_interest(core.uow(), core.clock, bob.id, bob.id, EventId(99))


def test_a_group_starts_with_its_creator_who_alone_renames_and_deletes_it(
    core: Core, ada: User, bob: User
) -> None:
    made = groups.create_group(core.uow(), core.clock, ada.id, GroupDraft(title=" Friends "))
    group_id = made.group.id
    assert made.group.title == "Friends"
    assert made.member_ids == (ada.id,)
    with pytest.raises(Forbidden):
        groups.update_group(core.uow(), core.clock, bob.id, group_id, GroupChanges(title="Mine"))
    with pytest.raises(InvalidValue):
        groups.update_group(core.uow(), core.clock, ada.id, group_id, GroupChanges(title=""))
    renamed = groups.update_group(
        core.uow(), core.clock, ada.id, group_id, GroupChanges(title="Pals")
    )
    assert groups.get_group(core.uow(), group_id).group == renamed
    assert groups.list_groups(core.uow()) == [renamed]
    with pytest.raises(Forbidden):
        groups.delete_group(core.uow(), bob.id, group_id)
    groups.delete_group(core.uow(), ada.id, group_id)
    with pytest.raises(NotFound):
        groups.get_group(core.uow(), group_id)


def test_members_add_and_remove_themselves_and_the_creator_anyone(
    core: Core, ada: User, bob: User, carol: User
) -> None:
    group_id = groups.create_group(core.uow(), core.clock, ada.id, GroupDraft(title="F")).group.id
    groups.add_member(core.uow(), core.clock, bob.id, group_id, bob.id)
    with pytest.raises(AlreadyMember):
        groups.add_member(core.uow(), core.clock, bob.id, group_id, bob.id)
    with pytest.raises(Forbidden):
        groups.add_member(core.uow(), core.clock, bob.id, group_id, carol.id)
    groups.add_member(core.uow(), core.clock, ada.id, group_id, carol.id)
    assert groups.get_group(core.uow(), group_id).member_ids == (ada.id, bob.id, carol.id)
    with pytest.raises(Forbidden):
        groups.remove_member(core.uow(), bob.id, group_id, carol.id)
    groups.remove_member(core.uow(), ada.id, group_id, carol.id)
    groups.remove_member(core.uow(), bob.id, group_id, bob.id)
    with pytest.raises(NotMember):
        groups.remove_member(core.uow(), bob.id, group_id, bob.id)
    with pytest.raises(NotFound):
        groups.add_member(core.uow(), core.clock, ada.id, GroupId(99), ada.id)
    with pytest.raises(NotFound):
        groups.add_member(core.uow(), core.clock, ada.id, group_id, UserId(99))
    assert groups.get_group(core.uow(), group_id).member_ids == (ada.id,)
