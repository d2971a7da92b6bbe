"""Cores for tests, built the way the entry points build them, with test adapters
passed in rather than patched onto a built core."""

from __future__ import annotations

import argon2

from eventcore.adapters.security.passwords import Argon2PasswordHasher
from eventcore.bootstrap import build_core
from eventcore.core import Core
from eventcore.ports.clock import Clock
from eventcore.settings import Settings


def fast_hasher() -> Argon2PasswordHasher:
    """argon2 at its cheapest: a test hashes many passwords, none worth protecting."""
    return Argon2PasswordHasher(argon2.profiles.CHEAPEST)


def fast_sql_core(settings: Settings, *, clock: Clock | None = None) -> Core:
    """`build_core(settings)` with the fast hasher (and `clock`, when given). Close it."""
    return build_core(settings, clock=clock, hasher=fast_hasher())
