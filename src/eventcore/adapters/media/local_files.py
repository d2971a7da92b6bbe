from __future__ import annotations

import secrets
from pathlib import Path, PurePosixPath


class LocalMediaStore:
    """Files under one root folder; keys are relative POSIX paths."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, folder: str, filename: str, content: bytes) -> str:
        name = PurePosixPath(filename)
        key = f"{folder}/{name.stem}-{secrets.token_hex(6)}{name.suffix}"
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return key

    def read(self, key: str) -> bytes | None:
        path = (self.root / key).resolve()
        # Keys come from URLs: refuse anything that climbs out of the root.
        if not path.is_relative_to(self.root.resolve()) or not path.is_file():
            return None
        return path.read_bytes()


class MemoryMediaStore:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def save(self, folder: str, filename: str, content: bytes) -> str:
        name = PurePosixPath(filename)
        key = f"{folder}/{name.stem}-{len(self.files) + 1}{name.suffix}"
        self.files[key] = content
        return key

    def read(self, key: str) -> bytes | None:
        return self.files.get(key)
