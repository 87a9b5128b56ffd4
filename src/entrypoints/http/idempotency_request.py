"""Reading an `Idempotency-Key` request: the key from its header, and the request's fingerprint.

The draft (draft-ietf-httpapi-idempotency-key-header) makes the header an RFC 8941 sf-string,
`Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`; most clients send the bare value
instead. Both are accepted and name the same key: a value in double quotes is read as an
sf-string (`\\"` and `\\\\` escaped), anything else is the key as it stands, except that a bare
key may not hold a comma: HTTP lets a proxy join two header lines into one with one, so
`a, b` may well be two keys.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Final

from todo_core.errors import ValidationFailed
from todo_core.ports.idempotency_store import IdempotencyKey

__all__ = ["IDEMPOTENCY_KEY_HEADER", "parse_idempotency_key", "request_fingerprint"]

IDEMPOTENCY_KEY_HEADER: Final = "Idempotency-Key"
# An sf-string's content: printable ASCII but `"` and `\`, or either one escaped.
_SF_STRING: Final = re.compile(r'"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"')
_ESCAPED: Final = re.compile(r"\\([\"\\])")


def parse_idempotency_key(values: Sequence[str]) -> IdempotencyKey:
    """The key the header lines name; `ValidationFailed` when they do not name exactly one
    valid key (see `IdempotencyKey` for what is valid)."""
    if len(values) != 1:
        raise ValidationFailed(
            f"send one {IDEMPOTENCY_KEY_HEADER} header, not {len(values)}",
            field=IDEMPOTENCY_KEY_HEADER,
        )
    # HTTP strips the spaces around a field value; ASGI servers mostly do it for us.
    value = values[0].strip(" \t")
    if value.startswith('"'):
        string = _SF_STRING.fullmatch(value)
        if string is None:
            raise ValidationFailed(
                f"{IDEMPOTENCY_KEY_HEADER} is not a well-formed quoted string",
                field=IDEMPOTENCY_KEY_HEADER,
            )
        value = _ESCAPED.sub(r"\1", string[1])
    elif "," in value:
        raise ValidationFailed(
            f"send one {IDEMPOTENCY_KEY_HEADER}; quote a key that holds a comma",
            field=IDEMPOTENCY_KEY_HEADER,
        )
    return IdempotencyKey(value)


def request_fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """Hex SHA-256 of what makes two requests the same request: method, path, query, body.

    Each part is length-prefixed, so no two different requests have the same input. Bodies are
    compared byte for byte: the same JSON spelled differently is another request.
    """
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode("utf-8", "surrogatepass"), query):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    digest.update(body)
    return digest.hexdigest()
