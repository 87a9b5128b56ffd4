"""Turn a kind of mail off for the user a signed token names (no login: the token is the
authority). Idempotent: a second post of the same token changes nothing and succeeds."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.unsubscribe_tokens import UnsubscribeTokens

__all__ = ["Unsubscribe", "UnsubscribeCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UnsubscribeCommand:
    token: str


class Unsubscribe:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, tokens: UnsubscribeTokens) -> None:
        self._uow = uow
        self._clock = clock
        self._tokens = tokens

    async def __call__(self, command: UnsubscribeCommand) -> str:
        """The kind of mail turned off; `ValidationFailed` for a token that is not ours."""
        user_id, kind = self._tokens.read(command.token)
        async with self._uow() as uow:
            await uow.mail_opt_outs.opt_out(user_id, kind, at=self._clock.now())
            await uow.commit()
        return kind
