"""Who is calling: the single authentication dependency of the API.

Provisional: until the Auth service issues tokens, the caller names itself in the `X-User-Id`
header (a UUID). Every route depends on `authenticated_user`, so replacing this function with
access-token verification secures every route at once. Bind the service to loopback only
(the default) while this is in place.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request

from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized

__all__ = ["USER_HEADER", "authenticated_user"]

USER_HEADER = "X-User-Id"


async def authenticated_user(request: Request[Any, Any, Any]) -> UserId:
    raw = request.headers.get(USER_HEADER)
    if raw is None:
        raise Unauthorized(f"missing {USER_HEADER} header")
    try:
        return UserId(UUID(raw))
    except ValueError as exc:
        raise Unauthorized(f"{USER_HEADER} must be a UUID") from exc
