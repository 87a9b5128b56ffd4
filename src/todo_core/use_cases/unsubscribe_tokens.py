"""Signed unsubscribe tokens: who wants which kind of mail no more, without a login.

The token is the authority (RFC 8058 one-click: a mail provider posts it on the user's behalf),
so it is signed with a server secret (HMAC-SHA256) and names the user and the kind: a token of
one user or kind cannot be edited into another's. It does not expire: an unsubscribe link in a
mail must keep working as long as the mail is read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from uuid import UUID

from todo_core.errors import ValidationFailed

__all__ = ["UNSUBSCRIBABLE", "UnsubscribeTokens"]

# The kinds of mail a person can turn off; account mails (reset, changed password) are not.
UNSUBSCRIBABLE = frozenset({"reminder", "digest"})
_SIGNATURE_BYTES = 16


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))


class UnsubscribeTokens:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the unsubscribe secret must be at least 16 bytes")
        self._secret = secret

    def token(self, user_id: UUID, kind: str) -> str:
        if kind not in UNSUBSCRIBABLE:
            raise ValueError(f"{kind!r} mail cannot be unsubscribed from")
        payload = f"{user_id}:{kind}".encode()
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def read(self, token: str) -> tuple[UUID, str]:
        """The user and kind a token names; `ValidationFailed` (field `token`) for any other."""
        invalid = ValidationFailed("unsubscribe token is not valid", field="token")
        try:
            payload_text, signature_text = token.split(".")
            payload, signature = _unb64(payload_text), _unb64(signature_text)
        except (ValueError, UnicodeError, binascii.Error) as error:
            raise invalid from error
        if not hmac.compare_digest(signature, self._sign(payload)):
            raise invalid
        user_text, _, kind = payload.decode().partition(":")
        if kind not in UNSUBSCRIBABLE:
            raise invalid
        return UUID(user_text), kind

    def _sign(self, payload: bytes) -> bytes:
        digest = hmac.new(self._secret, b"unsubscribe:" + payload, hashlib.sha256).digest()
        return digest[:_SIGNATURE_BYTES]
