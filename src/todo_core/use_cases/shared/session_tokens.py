"""What the session use cases share: the token pair they hand out, how a refresh token is
minted, and how a whole family is revoked.

Refresh tokens come from `secrets.token_urlsafe(32)` (256 random bits) called right here, not
through a port: unlike time and ids, nothing about a secret needs to be predictable in a test
(tests read the token from the result), and the standard library's CSPRNG is the only source
the core should ever trust for one. Each use case still takes `new_secret` so a test or an
embedder can swap it. A login's first token is such a secret; a rotation's new token is derived
from the spent one and a salt drawn from the same source (`successor_secret`, ADR 0012).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from todo_core.domain.ids import RefreshTokenId, SessionFamilyId, UserId
from todo_core.domain.refresh_token import RefreshToken, hash_refresh_token
from todo_core.errors import PreconditionFailed
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.token_service import AccessToken
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = [
    "REFRESH_TOKEN_BYTES",
    "SecretSource",
    "SessionTokens",
    "mint_refresh_token",
    "new_refresh_secret",
    "revoke_family",
    "session_tokens",
]

# 256 bits, as the spec asks: far beyond guessing, which is why a plain SHA-256 may store it.
REFRESH_TOKEN_BYTES = 32
# A family revocation that loses a race to a concurrent rotation reloads and tries again: the
# family must end up revoked, whatever the other request did.
_REVOKE_ATTEMPTS = 5

SecretSource = Callable[[], str]


def new_refresh_secret() -> str:
    return secrets.token_urlsafe(REFRESH_TOKEN_BYTES)


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionTokens:
    """An OAuth-style token response. Both tokens are kept out of repr, so no log shows them."""

    access_token: str = field(repr=False)
    # Seconds until the access token stops being accepted.
    expires_in: int
    refresh_token: str = field(repr=False)
    token_type: str = "Bearer"  # noqa: S105 - the scheme's name, not a secret


def mint_refresh_token(  # noqa: PLR0913 - a token has that many independent inputs
    *,
    ids: IdGenerator,
    new_secret: SecretSource,
    user_id: UserId,
    family_id: SessionFamilyId,
    parent_id: RefreshTokenId | None,
    now: datetime,
) -> tuple[str, RefreshToken]:
    """A new raw token, for the caller only, and the aggregate that stores its hash."""
    raw = new_secret()
    token = RefreshToken.issue(
        token_id=RefreshTokenId(ids.new_id()),
        user_id=user_id,
        family_id=family_id,
        parent_id=parent_id,
        token_hash=hash_refresh_token(raw),
        now=now,
    )
    return raw, token


def session_tokens(access: AccessToken, refresh_token: str) -> SessionTokens:
    return SessionTokens(
        access_token=access.token, expires_in=access.expires_in, refresh_token=refresh_token
    )


async def revoke_family(uow: UnitOfWorkFactory, family_id: SessionFamilyId, now: datetime) -> None:
    """Revoke every token of a family in its own, committed transaction.

    Losing to a concurrent rotation (`PreconditionFailed`) means a token changed or a child was
    born meanwhile: reading the family again and revoking what is there now catches both.
    """
    for attempt in range(1, _REVOKE_ATTEMPTS + 1):
        async with uow() as unit:
            changed = [
                token
                for token in await unit.refresh_tokens.in_family(family_id)
                if token.revoke(now)
            ]
            if not changed:
                return
            try:
                await unit.commit()
            except PreconditionFailed:
                if attempt == _REVOKE_ATTEMPTS:
                    raise
                continue
            return
