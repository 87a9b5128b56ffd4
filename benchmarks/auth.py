"""How a scenario becomes a user of the API: the one place that knows how callers authenticate.

Provisional, like the API itself: the caller names itself in the `X-User-Id` header (see
docs/adr/0005-provisional-authentication.md), so signing in is choosing an id. When the Auth
service lands this becomes `POST /auth/register` + `POST /auth/login` and an
`Authorization: Bearer` header; no scenario changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

import httpx

__all__ = ["PASSWORD", "Caller", "sign_in"]

# Long enough for any length rule; the same for every benchmark user.
PASSWORD = "correct horse battery staple"  # noqa: S105 - throwaway users


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: UUID
    # What every request of this user carries.
    headers: dict[str, str]


def sign_in(client: httpx.Client, email: str) -> Caller:
    """A user of the API for `email` (`client` talks to the service that signs users in)."""
    del client  # nothing to ask anyone yet
    user_id = uuid5(NAMESPACE_URL, f"mailto:{email}")
    return Caller(user_id=user_id, headers={"X-User-Id": str(user_id)})
