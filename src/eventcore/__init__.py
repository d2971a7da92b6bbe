"""eventcore: one event-management core behind five client APIs.

Library use::

    from eventcore import memory_core
    from eventcore.usecases import accounts, events

    core = memory_core()
    signed_in = accounts.sign_up(core.uow(), core.clock, core.hasher, core.tokens,
                                 username="ada", email="ada@example.org", password="s3cret-pass")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventcore.bootstrap import build_core, memory_core
    from eventcore.core import Core
    from eventcore.domain import errors
    from eventcore.settings import Settings

__all__ = ["Core", "Settings", "build_core", "errors", "memory_core"]

# Where each name of the package face lives. They load on first use (PEP 562):
# importing `eventcore.domain.events` runs this file, and must not drag in the
# composition root with its database, Redis, JWT and argon2 clients.
_LAZY = {
    "Core": ("eventcore.core", "Core"),
    "Settings": ("eventcore.settings", "Settings"),
    "build_core": ("eventcore.bootstrap", "build_core"),
    "memory_core": ("eventcore.bootstrap", "memory_core"),
    "errors": ("eventcore.domain.errors", None),
}


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'eventcore' has no attribute {name!r}") from None
    module = import_module(module_name)
    found = module if attribute is None else getattr(module, attribute)
    # Cached as a plain attribute, so later look-ups skip this function.
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
