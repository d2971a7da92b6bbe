"""eventcore: one event-management core behind the client APIs it serves.

Library use (the README's "As a library" has a longer example)::

    from eventcore import memory_core
    from eventcore.domain.users import Registration
    from eventcore.usecases import tokens

    core = memory_core()
    ada = tokens.sign_up(core.uow(), core.clock, core.hasher, core.tokens,
                         Registration(username="ada", email="ada@example.org",
                                      password="correct-horse"))

A rule that says no raises an `eventcore.domain.errors.DomainError` (also
`eventcore.errors`); nothing is written then.
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
