"""Log in: check the credentials, then issue an access token and the first refresh token of a
new family (one family per login, so logging out of one device leaves the others alone).

It runs `AuthenticateUser` itself rather than trusting a user id from its caller: a session
can only ever start from credentials.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from todo_core.domain.ids import SessionFamilyId
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.token_service import TokenService
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.authenticate_user import AuthenticateUserCommand
from todo_core.use_cases.shared.session_tokens import (
    SecretSource,
    SessionTokens,
    mint_refresh_token,
    new_refresh_secret,
    session_tokens,
)
from todo_core.use_cases.shared.user_view import UserView

__all__ = ["IssueSession"]


class IssueSession:
    def __init__(  # noqa: PLR0913 - the ports it needs, and the secret source
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        tokens: TokenService,
        authenticate: Callable[[AuthenticateUserCommand], Awaitable[UserView]],
        new_secret: SecretSource = new_refresh_secret,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._tokens = tokens
        self._authenticate = authenticate
        self._new_secret = new_secret

    async def __call__(self, command: AuthenticateUserCommand) -> SessionTokens:
        user = await self._authenticate(command)
        raw, token = mint_refresh_token(
            ids=self._ids,
            new_secret=self._new_secret,
            user_id=user.id,
            family_id=SessionFamilyId(self._ids.new_id()),
            parent_id=None,
            now=self._clock.now(),
        )
        # Signed before the commit: a token service that fails leaves no orphan refresh token.
        access = self._tokens.issue_access_token(user.id)
        async with self._uow() as uow:
            await uow.refresh_tokens.add(token)
            await uow.commit()
        return session_tokens(access, raw)
