"""A deterministic TokenService for unit tests: readable access tokens, numbered in order.

Tokens look like `access-<n>-<user id>`; `verify_access_token` accepts exactly the ones it
issued, so a test can check which user a session's access token names. Like the real service,
it gives the same token again for the same user, token id and issue time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized
from todo_core.ports.token_service import AccessToken, TokenService

__all__ = ["ACCESS_TOKEN_SECONDS", "FakeTokenService"]

ACCESS_TOKEN_SECONDS = 900


@dataclass
class FakeTokenService(TokenService):
    issued: dict[str, UserId] = field(default_factory=dict)
    # The token given for each named (user, token id, issue time).
    named: dict[tuple[UserId, UUID, datetime], str] = field(default_factory=dict)

    def issue_access_token(
        self, user_id: UserId, *, token_id: UUID | None = None, issued_at: datetime | None = None
    ) -> AccessToken:
        key = None if token_id is None or issued_at is None else (user_id, token_id, issued_at)
        token = self.named.get(key) if key is not None else None
        if token is None:
            token = f"access-{len(self.issued) + 1}-{user_id}"
            self.issued[token] = user_id
            if key is not None:
                self.named[key] = token
        return AccessToken(token=token, expires_in=ACCESS_TOKEN_SECONDS)

    def verify_access_token(self, token: str) -> UserId:
        try:
            return self.issued[token]
        except KeyError:
            raise Unauthorized("invalid access token") from None
