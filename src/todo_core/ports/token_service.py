"""Issuing and checking access tokens: how a request proves which user sends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from todo_core.domain.ids import UserId

__all__ = ["AccessToken", "TokenService"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessToken:
    token: str
    # Seconds until the token stops being accepted.
    expires_in: int


class TokenService(Protocol):
    def issue_access_token(
        self, user_id: UserId, *, token_id: UUID | None = None, issued_at: datetime | None = None
    ) -> AccessToken:
        """A signed, short-lived token naming the user, with a fresh id and issued now unless
        told otherwise. The same user, id and issue time give the same token (while the
        signing key is the same): a rotation repeated in the grace window hands out the access
        token it handed out first."""
        ...

    def verify_access_token(self, token: str) -> UserId:
        """The user the token names; raises `Unauthorized` for any token it does not trust."""
        ...
