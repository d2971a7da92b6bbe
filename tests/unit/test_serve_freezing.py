"""`eventcore serve` keeps what lives as long as a process out of the garbage
collector's passes (eventcore.server.freeze_long_lived_objects)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from eventcore.server import freeze_long_lived_objects


class Node:
    def __init__(self) -> None:
        self.next: Node | None = None


@pytest.fixture(autouse=True)
def thawed_afterwards() -> Iterator[None]:
    yield
    gc.unfreeze()


def walked_by_collections(candidate: object) -> bool:
    return any(tracked is candidate for tracked in gc.get_objects())


def test_what_is_alive_when_frozen_is_no_longer_walked_by_collections() -> None:
    built_at_start = {"routes": [Node()]}

    freeze_long_lived_objects()
    made_by_a_request = {"rows": [Node()]}

    assert not walked_by_collections(built_at_start)
    assert walked_by_collections(made_by_a_request)


def test_garbage_is_collected_before_freezing_so_none_is_kept_forever() -> None:
    garbage = Node()
    garbage.next = garbage  # a cycle: only the collector frees it
    left = weakref.ref(garbage)
    del garbage

    freeze_long_lived_objects()

    assert left() is None
