"""Log out: revoke the whole family of the presented refresh token.

An unknown token is no error: logging out is idempotent, the state the caller wants (this
token opens nothing) already holds, and a client retrying a logout whose answer it lost must
not be told it failed. Any token of the family will do, spent or expired ones included:
revoking only ever takes access away.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from todo_core.domain.refresh_token import hash_refresh_token
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.session_tokens import revoke_family

__all__ = ["EndSession", "EndSessionCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EndSessionCommand:
    refresh_token: str = field(repr=False)


class EndSession:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: EndSessionCommand) -> None:
        async with self._uow() as uow:
            presented = await uow.refresh_tokens.get_by_hash(
                hash_refresh_token(command.refresh_token)
            )
        if presented is not None:
            await revoke_family(self._uow, presented.family_id, self._clock.now())
