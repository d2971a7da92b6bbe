"""User lookups agree on memory, SQLite and PostgreSQL: by phone, and with text no column
holds (NUL), which PostgreSQL refuses even to compare."""

from __future__ import annotations

from collections.abc import Callable

from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


def _find(uow_factory: UowFactory, phone: str) -> User | None:
    with uow_factory() as uow:
        return uow.users.find_by_phone(phone)


def test_a_user_is_found_by_exactly_their_phone(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    ada = add_user(phone="+1234567890")
    add_user(phone="+1987654321")
    found = _find(uow_factory, "+1234567890")
    assert found is not None
    assert found.id == ada.id
    assert _find(uow_factory, "1234567890") is None
    assert _find(uow_factory, "+123456789") is None


def test_an_empty_phone_finds_nobody(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    add_user(phone="")
    add_user()
    assert _find(uow_factory, "") is None


def test_lookups_by_text_with_nul_find_nobody(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    add_user(username="ada", email="ada@example.org", phone="+1234567890")
    with uow_factory() as uow:
        assert uow.users.find_by_login("ada\x00") is None
        assert uow.users.find_by_login("\x00") is None
        assert uow.users.find_by_email("ada@example.org\x00") is None
        assert uow.users.find_by_phone("+1234567890\x00") is None
        assert uow.users.find_by_login("ada") is not None
