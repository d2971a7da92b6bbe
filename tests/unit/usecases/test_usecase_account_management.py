"""Accounts with an access type, on the memory core: email login for a bare access token,
registration where only admins grant roles, listing, changing and deleting one's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core
from eventcore.domain.errors import (
    AlreadyExists,
    Conflict,
    Forbidden,
    InvalidCredentials,
    InvalidValue,
    NotFound,
    Unauthenticated,
)
from eventcore.domain.ids import UserId
from eventcore.domain.users import AccountChanges, Registration, Role, User
from eventcore.domain.views import EventView
from eventcore.ports.clock import Clock
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases import accounts, attendance, tokens
from strategies import PASSWORD

Tables = dict[str, dict[Any, Any]]


def change_account(
    uow: UnitOfWork,
    clock: Clock,
    actor_id: UserId,
    user_id: UserId,
    changes: dict[str, Any],
    role: Role | None = None,
) -> User:
    if role is not None:
        changes = {**changes, "role": role}
    return accounts.change_account(uow, clock, actor_id, user_id, AccountChanges(**changes))


def _log_in(core: Core, email: str, password: str = PASSWORD) -> str:
    return tokens.log_in_for_access_token(
        core.uow(), core.clock, core.hasher, core.tokens, email=email, password=password
    )


def _register(core: Core, actor: User | None, **fields: Any) -> User:
    fields.setdefault("email", "new@example.org")
    fields.setdefault("password", PASSWORD)
    return accounts.register(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(**fields),
        registrar_id=actor.id if actor else None,
    )


def test_an_email_login_gives_an_access_token_for_that_user(core: Core, ada: User) -> None:
    token = _log_in(core, "ADA@example.org")
    assert tokens.authenticate(core.uow(), core.clock, core.tokens, token).id == ada.id


def test_the_access_token_stamps_last_login_and_leaves_no_refresh_token(
    core: Core, ada: User, store: MemoryStore
) -> None:
    _log_in(core, ada.email)
    assert store.tables["users"][ada.id].last_login == core.clock.now()
    assert store.tables["refresh_tokens"] == {}


@pytest.mark.parametrize(
    ("email", "password", "error"),
    [
        ("", PASSWORD, InvalidValue),
        ("ada@example.org", "", InvalidValue),
        ("nobody@example.org", PASSWORD, NotFound),
        ("ada@example.org", "wrong password", InvalidCredentials),
    ],
)
def test_email_login_refusals(
    core: Core, ada: User, email: str, password: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        _log_in(core, email, password)


def test_a_disabled_account_gets_no_token(core: Core, ada: User) -> None:
    accounts.set_active(core.uow(), core.clock, ada.id, False)
    with pytest.raises(Unauthenticated):
        _log_in(core, ada.email)


def test_anyone_registers_an_ordinary_user_with_an_avatar(core: Core) -> None:
    user = _register(
        core, None, username="neo", avatar="https://x.org/neo.png", age=30, gender="Other"
    )
    assert (user.role, user.avatar, user.age, user.gender) == (
        Role.USER,
        "https://x.org/neo.png",
        30,
        "Other",
    )
    assert _log_in(core, "new@example.org")


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_staff_roles_need_an_admin(
    core: Core, bob: User, admin: User, snapshot: Callable[[], Tables], role: Role
) -> None:
    before = snapshot()
    for actor in (None, bob):
        with pytest.raises(Forbidden):
            _register(core, actor, role=role)
    assert snapshot() == before
    assert _register(core, admin, role=role).role is role


def test_a_bad_avatar_creates_nobody(core: Core, snapshot: Callable[[], Tables]) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue):
        _register(core, None, avatar="x" * 2001)
    assert snapshot() == before


def test_a_taken_email_is_a_conflict(core: Core, ada: User) -> None:
    with pytest.raises(AlreadyExists) as refused:
        _register(core, None, email="Ada@Example.org")
    assert refused.value.field == "email"


def test_only_admins_list_users(core: Core, ada: User, moderator: User, admin: User) -> None:
    assert [u.username for u in accounts.list_users(core.uow(), admin.id)] == [
        "ada",
        "mona",
        "root",
    ]
    with pytest.raises(Forbidden):
        accounts.list_users(core.uow(), moderator.id)


def test_a_user_changes_their_account(core: Core, ada: User) -> None:
    changed = change_account(
        core.uow(), core.clock, ada.id, ada.id, {"first_name": "Augusta", "avatar": "a.png"}
    )
    assert (changed.first_name, changed.avatar) == ("Augusta", "a.png")


def test_nobody_changes_another_account_or_their_own_role(
    core: Core, ada: User, admin: User
) -> None:
    with pytest.raises(Forbidden):
        change_account(core.uow(), core.clock, admin.id, ada.id, {"first_name": "X"})
    with pytest.raises(Forbidden):
        change_account(core.uow(), core.clock, ada.id, ada.id, {}, Role.ADMIN)
    stepped_down = change_account(core.uow(), core.clock, admin.id, admin.id, {}, Role.USER)
    assert stepped_down.role is Role.USER


def test_changing_nothing_or_nobody(core: Core, ada: User) -> None:
    with pytest.raises(InvalidValue):
        change_account(core.uow(), core.clock, ada.id, ada.id, {})
    with pytest.raises(NotFound):
        change_account(core.uow(), core.clock, ada.id, UserId(99), {"age": 3})


def test_deleting_ones_account_takes_its_attendances(
    core: Core, ada: User, bob: User, make_event: Callable[..., EventView]
) -> None:
    event_id = make_event(ada, capacity=3).event.id
    attendance.join_event(core.uow(), core.clock, core.notifier, bob.id, event_id)
    erased = accounts.delete_account(core.uow(), core.clock, core.notifier, bob.id, bob.id)
    assert erased.id == bob.id
    with core.uow() as uow:
        assert uow.users.get(bob.id) is None
        assert uow.attendances.for_user(bob.id) == []


def test_an_account_owning_events_is_kept(
    core: Core, ada: User, make_event: Callable[..., EventView], snapshot: Callable[[], Tables]
) -> None:
    make_event(ada)
    make_event(ada, is_private=True)
    before = snapshot()
    with pytest.raises(Conflict) as refused:
        accounts.delete_account(core.uow(), core.clock, core.notifier, ada.id, ada.id)
    assert refused.value.message.startswith("This account still owns 2 events")
    assert snapshot() == before


def test_nobody_deletes_another_account(core: Core, ada: User, admin: User) -> None:
    with pytest.raises(Forbidden):
        accounts.delete_account(core.uow(), core.clock, core.notifier, admin.id, ada.id)
