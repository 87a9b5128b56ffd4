"""When the earliest daily digest of any user is due: what the scheduler also sleeps until."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["NextDigest", "NextDigestQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NextDigestQuery:
    pass


class NextDigest:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: NextDigestQuery) -> datetime | None:
        async with self._uow() as uow:
            return await uow.users.next_digest_at()
