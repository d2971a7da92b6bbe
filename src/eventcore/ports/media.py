from typing import Protocol


class MediaStore(Protocol):
    def save(self, folder: str, filename: str, content: bytes) -> str:
        """Store the file under a fresh name and return its key (a relative path)."""
        ...

    def read(self, key: str) -> bytes | None: ...
