"""Event categories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from eventcore.bootstrap import Core
from eventcore.domain.errors import AlreadyExists, InvalidValue
from eventcore.domain.ids import CategoryId
from eventcore.usecases import categories

Tables = dict[str, dict[Any, Any]]


def test_created_category_gets_an_id_and_is_listed(core: Core) -> None:
    music = categories.create_category(core.uow(), "  Music ", "https://icons.example/m.svg")
    assert (music.id, music.name, music.icon) == (
        CategoryId(1),
        "Music",
        "https://icons.example/m.svg",
    )
    assert list(categories.list_categories(core.uow())) == [music]


def test_categories_are_listed_in_creation_order(core: Core) -> None:
    names = ["Sport", "Art", "Music"]
    for name in names:
        categories.create_category(core.uow(), name)
    assert [c.name for c in categories.list_categories(core.uow())] == names


def test_empty_icon_is_stored_as_none(core: Core) -> None:
    assert categories.create_category(core.uow(), "Art", "").icon is None


@pytest.mark.parametrize("duplicate", ["Music", "music", "MUSIC", " music "])
def test_duplicate_category_name_in_any_case_is_refused(
    core: Core, snapshot: Callable[[], Tables], duplicate: str
) -> None:
    categories.create_category(core.uow(), "Music")
    before = snapshot()
    with pytest.raises(AlreadyExists) as caught:
        categories.create_category(core.uow(), duplicate)
    assert caught.value.field == "name"
    assert snapshot() == before


@pytest.mark.parametrize("name", ["", "  ", "x" * 101])
def test_blank_or_long_category_name_is_refused(core: Core, name: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        categories.create_category(core.uow(), name)
    assert caught.value.field == "name"
    assert list(categories.list_categories(core.uow())) == []
