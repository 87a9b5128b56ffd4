"""The embedded default's unsubscribe secret: generated once under the key directory and kept,
so the links in mail already sent keep working after a restart."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["load_or_create_unsubscribe_secret"]

_FILENAME = "unsubscribe.secret"
_MIN_BYTES = 16


def load_or_create_unsubscribe_secret(directory: Path) -> bytes:
    """The secret in `directory`, created there (0600) if absent; a short one is an error."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / _FILENAME
    if not path.exists():
        # Written aside, then linked into place: a reader never sees half a secret, and of two
        # processes starting together both end up with the one that was linked first.
        temporary = directory / f".{_FILENAME}.{secrets.token_hex(8)}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_urlsafe(32).encode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    stored = path.read_bytes().strip()
    if len(stored) < _MIN_BYTES:
        raise ValueError(f"{path} holds no usable secret; remove it to have one made")
    return stored
