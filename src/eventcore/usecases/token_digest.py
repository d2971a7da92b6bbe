"""What the server keeps of a secret token it hands out: its SHA-256, never the token.

Tokens are long random strings, so a fast hash is enough (a password needs a
slow one); a leaked table then holds nothing a client could present. Refresh
tokens, opaque API tokens and session tokens are all remembered this way.
"""

from __future__ import annotations

import hashlib


def digest(token: str) -> str:
    """The SHA-256 of `token`, in hexadecimal."""
    return hashlib.sha256(token.encode()).hexdigest()
