"""Issuing and checking access tokens: how a request proves which user sends it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from todo_core.domain.ids import UserId

__all__ = ["AccessToken", "TokenService"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessToken:
    token: str
    # Seconds until the token stops being accepted.
    expires_in: int


class TokenService(Protocol):
    def issue_access_token(self, user_id: UserId) -> AccessToken:
        """A signed, short-lived token naming the user."""
        ...

    def verify_access_token(self, token: str) -> UserId:
        """The user the token names; raises `Unauthorized` for any token it does not trust."""
        ...
