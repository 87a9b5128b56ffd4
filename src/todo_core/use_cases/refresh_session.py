"""Rotate a refresh token: the presented one is spent, a new pair comes back.

Presenting a token already spent is reuse (RFC 9700, section 4.14.2): either the legitimate
client or an attacker holds a copy, and the server cannot tell which, so the whole family,
newest token included, is revoked. That revocation commits in its own transaction before
`Unauthorized` is raised: the failing call must still leave the family dead.

One exception, the grace window (ADR 0012): a client that refreshes from two tabs at once
presents one token twice within a moment. A spent token presented again within `reuse_grace`
of its rotation, by the client that spent it (same `client` description), whose successor has
not been used or revoked since, gets the very pair that rotation handed out, made again
from what the rotation recorded (`Rotation`): no token is stored to do it. Anything else is
reuse, as before.

Of concurrent requests spending one live token, the first to write wins; the others lose the
version check (`PreconditionFailed`), look again, find the token spent and go through the
grace window like any later request.

Unknown, expired, revoked and reused tokens all fail with the same message.
"""

from __future__ import annotations

import asyncio
import hmac
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from todo_core.domain.ids import RefreshTokenId, SessionFamilyId
from todo_core.domain.refresh_token import (
    INVALID_REFRESH_TOKEN,
    RefreshToken,
    Rotation,
    client_tag,
    hash_refresh_token,
    successor_secret,
)
from todo_core.errors import PreconditionFailed, Unauthorized
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.token_service import TokenService
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_core.use_cases.shared.session_tokens import (
    SecretSource,
    SessionTokens,
    new_refresh_secret,
    revoke_family,
    session_tokens,
)

__all__ = ["DEFAULT_REUSE_GRACE", "RefreshSession", "RefreshSessionCommand"]

DEFAULT_REUSE_GRACE = timedelta(seconds=10)
# A request that loses the race to spend a token looks again this many times in all. On
# PostgreSQL the first look after losing finds the winner committed (the loser's UPDATE waited
# for it); SQLite refuses the loser's write at once, possibly before the winner commits, so it
# may need a few short pauses.
_LOOKS = 8
_FIRST_PAUSE_SECONDS = 0.005


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshSessionCommand:
    refresh_token: str = field(repr=False)
    # Who presents the token, as the entrypoint can tell (e.g. address and User-Agent): a
    # repeat within the grace window is honoured only for the client that spent the token.
    client: str = ""


@dataclass(frozen=True, slots=True)
class _Reused:
    family_id: SessionFamilyId


class RefreshSession:
    def __init__(  # noqa: PLR0913 - the ports it needs, the secret source and the window
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        tokens: TokenService,
        new_secret: SecretSource = new_refresh_secret,
        reuse_grace: timedelta = DEFAULT_REUSE_GRACE,
    ) -> None:
        if reuse_grace < timedelta(0):
            raise ValueError("reuse_grace must not be negative")
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._tokens = tokens
        self._new_secret = new_secret
        self._reuse_grace = reuse_grace

    async def __call__(self, command: RefreshSessionCommand) -> SessionTokens:
        look = 1
        while True:
            now = self._clock.now()
            try:
                outcome = await self._rotate_or_repeat(command, now)
            except PreconditionFailed:
                # Another request spent the token between our read and our write.
                if look >= _LOOKS:
                    raise
                await asyncio.sleep(_FIRST_PAUSE_SECONDS * 2 ** (look - 1) * random.random())  # noqa: S311 - jitter, not a secret
                look += 1
                continue
            if isinstance(outcome, SessionTokens):
                return outcome
            await revoke_family(self._uow, outcome.family_id, now)
            raise Unauthorized(INVALID_REFRESH_TOKEN)

    async def _rotate_or_repeat(
        self, command: RefreshSessionCommand, now: datetime
    ) -> SessionTokens | _Reused:
        raw = command.refresh_token
        async with self._uow() as uow:
            presented = await uow.refresh_tokens.get_by_hash(hash_refresh_token(raw))
            if presented is None:
                raise Unauthorized(INVALID_REFRESH_TOKEN)
            if not presented.is_used:
                # Refuses a revoked or expired token with the same message.
                return await self._rotate(uow, presented, command, now)
            repeated = await self._repeat(uow, presented, command, now)
            return _Reused(presented.family_id) if repeated is None else repeated

    async def _rotate(
        self,
        uow: UnitOfWork,
        presented: RefreshToken,
        command: RefreshSessionCommand,
        now: datetime,
    ) -> SessionTokens:
        raw = command.refresh_token
        # The successor's secret is derived, not drawn, so that a repeat can make it again.
        rotation = Rotation(
            successor_id=RefreshTokenId(self._ids.new_id()),
            salt=self._new_secret(),
            client=client_tag(raw, command.client),
        )
        presented.use(now, rotation)
        child_raw = successor_secret(raw, rotation.salt)
        child = RefreshToken.issue(
            token_id=rotation.successor_id,
            user_id=presented.user_id,
            family_id=presented.family_id,
            parent_id=presented.id,
            token_hash=hash_refresh_token(child_raw),
            now=now,
        )
        await uow.refresh_tokens.add(child)
        # Signed before the commit: a token service that fails must not spend the token.
        access = self._tokens.issue_access_token(
            presented.user_id, token_id=child.id, issued_at=child.issued_at
        )
        # A concurrent rotation of the same token makes this write fail its version check
        # (`PreconditionFailed`): of racing requests exactly one spends it.
        await uow.commit()
        return session_tokens(access, child_raw)

    async def _repeat(
        self,
        uow: UnitOfWork,
        presented: RefreshToken,
        command: RefreshSessionCommand,
        now: datetime,
    ) -> SessionTokens | None:
        """The pair the token's rotation handed out, if this presentation may have it again."""
        rotation = presented.rotation
        if rotation is None or not presented.may_repeat(now, self._reuse_grace):
            return None
        raw = command.refresh_token
        if not hmac.compare_digest(rotation.client, client_tag(raw, command.client)):
            return None
        successor = await uow.refresh_tokens.get(rotation.successor_id)
        if successor is None or not successor.is_live(now):
            # Rotated again, revoked or gone: that pair is no longer the session's.
            return None
        child_raw = successor_secret(raw, rotation.salt)
        if not hmac.compare_digest(successor.token_hash, hash_refresh_token(child_raw)):
            return None
        access = self._tokens.issue_access_token(
            presented.user_id, token_id=successor.id, issued_at=successor.issued_at
        )
        return session_tokens(access, child_raw)
