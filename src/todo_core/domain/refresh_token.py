"""The RefreshToken aggregate: one link of a login's rotation chain (its "family").

Only the SHA-256 of the token is ever kept. A slow, salted hash (argon2 and the like) exists
to make guessing low-entropy passwords expensive; a refresh token carries 256 random bits, so
no guess can succeed anyway, and a plain, unsalted digest also lets the store find a token by
its hash with an index (RFC 9700, section 4.14).

A spent token remembers its `Rotation`: which token succeeded it, the salt its successor's
secret was derived with, and a tag of the client that spent it. Presented again by the same
client within a short grace window, that is enough to hand out the same successor again
without storing it (see `successor_secret` and ADR 0012).

No domain events: tokens are the bookkeeping of a secret, not facts other services act on,
and nothing about them should ever travel through the outbox. Reuse detection is reported to
the caller as `Unauthorized`; an entrypoint that wants security monitoring logs it there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from todo_core.domain.aggregate import Aggregate
from todo_core.domain.ids import RefreshTokenId, SessionFamilyId, UserId
from todo_core.errors import Unauthorized

__all__ = [
    "INVALID_REFRESH_TOKEN",
    "REFRESH_TOKEN_LIFETIME",
    "RefreshToken",
    "Rotation",
    "client_tag",
    "hash_refresh_token",
    "successor_secret",
]

REFRESH_TOKEN_LIFETIME = timedelta(days=30)
# The one message of every refusal (unknown, expired, used, revoked): the caller learns nothing
# about which it was.
INVALID_REFRESH_TOKEN = "invalid refresh token"  # noqa: S105 - a message, not a secret


# Domain separation: the two keyed digests made with a token never equal each other.
_SUCCESSOR_CONTEXT = b"todo refresh token successor\x00"
_CLIENT_CONTEXT = b"todo refresh token client\x00"


def hash_refresh_token(token: str) -> str:
    """The hex SHA-256 of a token: what is stored and looked up, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def successor_secret(token: str, salt: str) -> str:
    """The secret of the token that succeeds `token`: HMAC-SHA256 keyed with the spent token,
    over a random salt that only the store knows, base64url like a fresh secret.

    Only who holds the spent token and the stored salt can make it again: the client that
    spent the token cannot (no salt), nor can someone who reads the store (no token, only its
    hash), so deriving it hands out nothing that storing it would not have.
    """
    digest = hmac.digest(token.encode(), _SUCCESSOR_CONTEXT + salt.encode(), "sha256")
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def client_tag(token: str, client: str) -> str:
    """Who spent `token`, as a hex HMAC keyed with the token: comparable when the token is
    presented again, and meaningless (no address to recover) to whoever reads the store."""
    return hmac.new(token.encode(), _CLIENT_CONTEXT + client.encode(), "sha256").hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rotation:
    """What spending a token handed out, kept so the same client may be handed it again."""

    successor_id: RefreshTokenId
    # The salt of `successor_secret`: 256 random bits, base64url.
    salt: str
    # `client_tag` of the client that spent the token.
    client: str


@dataclass(kw_only=True, eq=False)
class RefreshToken(Aggregate):
    id: RefreshTokenId
    user_id: UserId
    family_id: SessionFamilyId
    # The token this one was rotated from; None for the first token of a login.
    parent_id: RefreshTokenId | None
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    # Set when the token is spent by a rotation; None before, and for tokens spent before
    # rotations were recorded (those are never handed out again).
    rotation: Rotation | None = None

    @classmethod
    def issue(  # noqa: PLR0913 - a token has that many independent properties
        cls,
        *,
        token_id: RefreshTokenId,
        user_id: UserId,
        family_id: SessionFamilyId,
        parent_id: RefreshTokenId | None,
        token_hash: str,
        now: datetime,
    ) -> RefreshToken:
        return cls(
            id=token_id,
            user_id=user_id,
            family_id=family_id,
            parent_id=parent_id,
            token_hash=token_hash,
            issued_at=now,
            expires_at=now + REFRESH_TOKEN_LIFETIME,
            used_at=None,
            revoked_at=None,
            version=1,
        )

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    def is_live(self, now: datetime) -> bool:
        """Whether presenting it now may rotate it: never used, never revoked, not expired."""
        return self.used_at is None and self.revoked_at is None and now < self.expires_at

    def use(self, now: datetime, rotation: Rotation | None = None) -> None:
        """Spend the token on one rotation; from now on presenting it is reuse, except what
        `may_repeat` allows."""
        if not self.is_live(now):
            raise Unauthorized(INVALID_REFRESH_TOKEN)
        self.used_at = now
        self.rotation = rotation
        self._bump_version()

    def may_repeat(self, now: datetime, grace: timedelta) -> bool:
        """Whether presenting the spent token now may hand out its rotation again: recorded,
        not revoked, and spent less than `grace` ago."""
        return (
            self.used_at is not None
            and self.rotation is not None
            and self.revoked_at is None
            and self.used_at <= now < self.used_at + grace
        )

    def revoke(self, now: datetime) -> bool:
        """Kill the token; True if that changed it (revoking twice is no change).

        A used token is revoked too: the new version makes a concurrent rotation of it fail
        its version check, so no child can be born into a family being revoked.
        """
        if self.revoked_at is not None:
            return False
        self.revoked_at = now
        self._bump_version()
        return True
