"""The event icons this API ships as package data (icons/*.svg), and the `<img>` tag
GET /load_icon/<name> answers with one of them inlined as a base64 data URI."""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources

# What an icon's name may look like: nothing that could leave the folder.
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.svg$")


@functools.cache
def names() -> frozenset[str]:
    """Every icon shipped, by file name ("bell.svg")."""
    folder = resources.files(__package__) / "icons"
    return frozenset(entry.name for entry in folder.iterdir() if NAME.match(entry.name))


def is_icon(name: str) -> bool:
    return bool(NAME.match(name)) and name in names()


def img_tag(name: str) -> str:
    """The icon as an `<img>` whose `src` is a data URI. `name` must be an icon."""
    data = (resources.files(__package__) / "icons" / name).read_bytes()
    encoded = base64.b64encode(data).decode("ascii")
    alt = name.removesuffix(".svg")
    return f'<img src="data:image/svg+xml;base64,{encoded}" alt="{alt}">'
