"""Fetch the acting user's own account, as `GET /auth/me` shows it."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.domain.ids import UserId
from todo_core.errors import NotFound
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.shared.user_view import UserView

__all__ = ["GetProfile", "GetProfileQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProfileQuery:
    actor: UserId


class GetProfile:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetProfileQuery) -> UserView:
        async with self._uow() as uow:
            user = await uow.users.get(query.actor)
        if user is None:
            # A valid token for an account that is gone (or never was): nothing to show.
            raise NotFound(f"user {query.actor} not found")
        return UserView.of(user)
