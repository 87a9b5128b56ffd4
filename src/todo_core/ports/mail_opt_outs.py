"""Who asked for no more mail of a kind (unsubscribed from reminders, or from the digest)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

__all__ = ["MailOptOuts"]


class MailOptOuts(Protocol):
    """Within a unit of work: an opt-out is committed with it, or not at all."""

    async def opted_out(self, user_id: UUID, kind: str) -> bool: ...

    async def opt_out(self, user_id: UUID, kind: str, *, at: datetime) -> None:
        """Record that `user_id` wants no more mail of `kind`; again is no error (the first
        time is kept)."""
        ...
