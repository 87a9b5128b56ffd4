"""Rotate a refresh token: the presented one is spent, a new pair comes back.

Presenting a token already spent is reuse (RFC 9700, section 4.14.2): either the legitimate
client or an attacker holds a copy, and the server cannot tell which, so the whole family,
newest token included, is revoked. That revocation commits in its own transaction before
`Unauthorized` is raised: the failing call must still leave the family dead.

Unknown, expired, revoked and reused tokens all fail with the same message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from todo_core.domain.ids import SessionFamilyId
from todo_core.domain.refresh_token import INVALID_REFRESH_TOKEN, hash_refresh_token
from todo_core.errors import Unauthorized
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.token_service import TokenService
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.session_tokens import (
    SecretSource,
    SessionTokens,
    mint_refresh_token,
    new_refresh_secret,
    revoke_family,
    session_tokens,
)

__all__ = ["RefreshSession", "RefreshSessionCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshSessionCommand:
    refresh_token: str = field(repr=False)


class RefreshSession:
    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        tokens: TokenService,
        new_secret: SecretSource = new_refresh_secret,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._tokens = tokens
        self._new_secret = new_secret

    async def __call__(self, command: RefreshSessionCommand) -> SessionTokens:
        now = self._clock.now()
        reused: SessionFamilyId | None = None
        async with self._uow() as uow:
            presented = await uow.refresh_tokens.get_by_hash(
                hash_refresh_token(command.refresh_token)
            )
            if presented is None:
                raise Unauthorized(INVALID_REFRESH_TOKEN)
            if presented.is_used:
                reused = presented.family_id
            else:
                # Refuses a revoked or expired token with the same message.
                presented.use(now)
                raw, child = mint_refresh_token(
                    ids=self._ids,
                    new_secret=self._new_secret,
                    user_id=presented.user_id,
                    family_id=presented.family_id,
                    parent_id=presented.id,
                    now=now,
                )
                await uow.refresh_tokens.add(child)
                # Signed before the commit: a token service that fails must not spend the token.
                access = self._tokens.issue_access_token(presented.user_id)
                # A concurrent rotation of the same token makes this commit fail its version
                # check (`PreconditionFailed`): of two racing requests exactly one gets a pair.
                await uow.commit()
                return session_tokens(access, raw)
        await revoke_family(self._uow, reused, now)
        raise Unauthorized(INVALID_REFRESH_TOKEN)
