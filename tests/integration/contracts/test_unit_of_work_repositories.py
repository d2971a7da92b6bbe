"""Every unit of work exposes exactly the repositories `ports.unit_of_work` declares.

The port's properties are the one list; the memory and SQL adapters build theirs
from registries of their own, and this is what keeps the three in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_type_hints

import pytest

from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]

# What a unit of work carries besides its repositories: the flag tests read after
# a use case, and the memory one's tables.
NOT_REPOSITORIES = {"committed", "store"}


def declared_repositories() -> dict[str, Any]:
    """Each repository property of the port, with the Protocol it returns."""
    return {
        name: get_type_hints(member.fget)["return"]
        for name, member in vars(UnitOfWork).items()
        if isinstance(member, property)
    }


def public_methods(protocol: Any) -> set[str]:
    return {name for name, member in vars(protocol).items() if callable(member) and name[0] != "_"}


def test_the_port_lists_the_repositories_as_properties() -> None:
    declared = declared_repositories()
    assert {"users", "events", "event_queries", "tasks", "polls"} <= declared.keys()
    assert all(public_methods(protocol) for protocol in declared.values())


def test_a_unit_of_work_exposes_exactly_the_declared_repositories(
    uow_factory: UowFactory,
) -> None:
    declared = declared_repositories()
    with uow_factory() as uow:
        for name, protocol in declared.items():
            repository = getattr(uow, name)
            missing = {m for m in public_methods(protocol) if not hasattr(repository, m)}
            assert not missing, f"uow.{name} lacks {sorted(missing)}"
        # The SQL one builds a repository when first asked for: all are built now.
        exposed = {name for name in vars(uow) if name[0] != "_"} - NOT_REPOSITORIES
        assert exposed == declared.keys()
        with pytest.raises(AttributeError):
            uow.no_such_repository  # type: ignore[attr-defined]  # noqa: B018


def test_each_block_gets_repositories_of_its_own(uow_factory: UowFactory) -> None:
    uow = uow_factory()
    with uow:
        first = {name: getattr(uow, name) for name in declared_repositories()}
    with uow:
        assert all(getattr(uow, name) is not made for name, made in first.items())
