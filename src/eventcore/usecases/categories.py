"""Event categories (the seeds call them categories or event types)."""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain.errors import AlreadyExists
from eventcore.domain.events import Category, new_category
from eventcore.ports.unit_of_work import UnitOfWork


def create_category(uow: UnitOfWork, name: str, icon: str | None = None) -> Category:
    """Raises InvalidValue or AlreadyExists (names are unique, ignoring case)."""
    draft = new_category(name, icon)
    with uow:
        if uow.categories.find_by_name(draft.name) is not None:
            raise AlreadyExists("A category with that name already exists.", field="name")
        category = uow.categories.add(draft)
        uow.commit()
        return category


def list_categories(uow: UnitOfWork) -> Sequence[Category]:
    with uow:
        return uow.categories.list()
