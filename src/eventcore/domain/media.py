"""Rules for uploaded files."""

from __future__ import annotations

from pathlib import PurePosixPath

from attrs import frozen

from eventcore.domain.errors import Reason
from eventcore.domain.validation import require

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
MAX_IMAGE_BYTES = 5 * 1024 * 1024


@frozen
class Upload:
    filename: str
    content: bytes


def check_image(upload: Upload, field: str) -> str:
    """The lower-case suffix of a valid image upload; raises InvalidValue naming `field`."""
    suffix = PurePosixPath(upload.filename).suffix.lower()
    require(
        suffix in IMAGE_SUFFIXES,
        field,
        Reason.INVALID_IMAGE,
        suffixes=", ".join(sorted(IMAGE_SUFFIXES)),
    )
    require(
        0 < len(upload.content) <= MAX_IMAGE_BYTES,
        field,
        Reason.INVALID_IMAGE_SIZE,
        megabytes=MAX_IMAGE_BYTES // (1024 * 1024),
    )
    return suffix
