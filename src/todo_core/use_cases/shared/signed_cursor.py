"""Opaque, tamper-evident pagination cursors.

A cursor carries where the last page ended, so a client that edits it could page through rows
in ways the API does not offer. Signing it (HMAC-SHA256 with a server secret) makes any edit
fail loudly instead: a tampered cursor is a validation error naming the `cursor` field.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from todo_core.errors import ValidationFailed

__all__ = ["CursorCodec"]

_SIGNATURE_BYTES = 16


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))


class CursorCodec:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the cursor secret must be at least 16 bytes")
        self._secret = secret

    def encode(self, kind: str, values: list[Any]) -> str:
        """`values` must be JSON-serialisable; `kind` stops a cursor of one listing being
        replayed against another."""
        payload = json.dumps([kind, values], separators=(",", ":")).encode()
        return f"{_b64encode(payload)}.{_b64encode(self._sign(payload))}"

    def decode(self, kind: str, cursor: str) -> list[Any]:
        try:
            payload_text, signature_text = cursor.split(".")
            payload = _b64decode(payload_text)
            signature = _b64decode(signature_text)
        except (ValueError, UnicodeError, binascii.Error) as exc:
            raise ValidationFailed("cursor is not valid", field="cursor") from exc
        if not hmac.compare_digest(signature, self._sign(payload)):
            raise ValidationFailed("cursor is not valid", field="cursor")
        decoded = json.loads(payload)
        if not (isinstance(decoded, list) and len(decoded) == 2 and decoded[0] == kind):
            raise ValidationFailed("cursor belongs to another listing", field="cursor")
        values = decoded[1]
        if not isinstance(values, list):
            raise ValidationFailed("cursor is not valid", field="cursor")
        return values

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
