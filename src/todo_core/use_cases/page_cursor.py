"""Opaque pagination cursors: clients pass them back unchanged and never build them."""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

from todo_core.errors import ValidationFailed

__all__ = ["decode_cursor", "encode_cursor"]

_PREFIX = "v1:"


def encode_cursor(last_id: UUID) -> str:
    raw = f"{_PREFIX}{last_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> UUID:
    """The id the previous page ended at; a malformed cursor is the caller's error, not ours."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError(raw)
        return UUID(raw.removeprefix(_PREFIX))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise ValidationFailed("cursor is not valid", field="cursor") from exc
