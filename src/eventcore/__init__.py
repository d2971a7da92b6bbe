"""eventcore: one event-management core behind five client APIs.

Library use::

    from eventcore import memory_core
    from eventcore.usecases import accounts, events

    core = memory_core()
    signed_in = accounts.sign_up(core.uow(), core.clock, core.hasher, core.tokens,
                                 username="ada", email="ada@example.org", password="s3cret-pass")
"""

from eventcore.bootstrap import Core, build_core, memory_core
from eventcore.domain import errors
from eventcore.settings import Settings

__all__ = ["Core", "Settings", "build_core", "errors", "memory_core"]
