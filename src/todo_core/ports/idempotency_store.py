"""Remembering requests by their `Idempotency-Key`, so a retried request has its effect once.

A client that did not hear the answer to a POST sends it again with the same key; the server
answers with the first response instead of acting twice (draft-ietf-httpapi-idempotency-key-
header). A record is one user's key: the fingerprint of the request that claimed it, and, once
that request was answered, the response to replay. Records live `IDEMPOTENCY_WINDOW` from
their claim; an expired record is as good as none.

The lifecycle is reserve -> complete (the response is kept) or reserve -> release (the request
failed, the key is free again). A claim neither completed nor released within `CLAIM_TIMEOUT`
is taken to be abandoned (its process died, or it hangs), and the same request may claim the
key again. The request's effect and `complete` are not atomic: see
docs/adr/0011-idempotency-keys.md for what that means after a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Protocol

from todo_core.domain.ids import UserId
from todo_core.errors import ValidationFailed

__all__ = [
    "CLAIM_TIMEOUT",
    "IDEMPOTENCY_WINDOW",
    "MAX_IDEMPOTENCY_KEY_LENGTH",
    "IdempotencyClaim",
    "IdempotencyKey",
    "IdempotencyRecord",
    "IdempotencyStore",
    "StoredResponse",
]

IDEMPOTENCY_WINDOW: Final = timedelta(hours=24)
# Far longer than any request should take (the database pool gives up after 10 s, a use case
# that lost a race runs at most three times), far shorter than a day of 409s after a crash.
CLAIM_TIMEOUT: Final = timedelta(seconds=60)
MAX_IDEMPOTENCY_KEY_LENGTH: Final = 255
# Printable ASCII, space included: what an RFC 8941 sf-string may hold once unquoted.
_PRINTABLE: Final = frozenset(map(chr, range(0x20, 0x7F)))


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """A client's key: 1 to 255 printable ASCII characters, compared exactly."""

    value: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.value) <= MAX_IDEMPOTENCY_KEY_LENGTH:
            raise ValidationFailed(
                f"an idempotency key has 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} characters",
                field="Idempotency-Key",
            )
        if not _PRINTABLE.issuperset(self.value):
            raise ValidationFailed(
                "an idempotency key is printable ASCII only", field="Idempotency-Key"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class IdempotencyClaim:
    """The right to serve one request with a key, and then to complete or release it."""

    owner: UserId
    key: IdempotencyKey
    # Tells this claim from a later one on the same key (after it was abandoned or expired).
    claimed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredResponse:
    """What is replayed: the status, the headers worth repeating, and the body as sent."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class IdempotencyRecord:
    owner: UserId
    key: IdempotencyKey
    # Opaque to the store: equal fingerprints mean "the same request".
    fingerprint: str
    created_at: datetime
    expires_at: datetime
    # None while the request that claimed the key is still being served.
    response: StoredResponse | None

    @property
    def in_progress(self) -> bool:
        return self.response is None


class IdempotencyStore(Protocol):
    """One user's keys never meet another's: every method is scoped by `owner`."""

    async def find(self, owner: UserId, key: IdempotencyKey) -> IdempotencyRecord | None:
        """The live record of the key; None when there is none or it has expired."""
        ...

    async def reserve(
        self, owner: UserId, key: IdempotencyKey, fingerprint: str
    ) -> IdempotencyClaim | None:
        """Claim the key for a request about to be served: a claim when this call made one (a
        new record in progress; an expired record, or an abandoned claim of the same
        fingerprint, is replaced), None when a live record holds the key (a concurrent
        duplicate loses here)."""
        ...

    async def complete(self, claim: IdempotencyClaim, response: StoredResponse) -> None:
        """Keep the response of the claim's request; later lookups replay it. Does nothing when
        the claim is no longer the key's (released, or replaced since)."""
        ...

    async def release(self, claim: IdempotencyClaim) -> None:
        """Drop the claim while it is in progress, so the key may be used again."""
        ...

    async def purge_expired(self, *, limit: int) -> int:
        """Delete up to `limit` expired records, oldest first; how many went."""
        ...
