"""How a scenario becomes a user of the API: the one place that knows how callers authenticate.

As a client does it: `POST /auth/register` (a 409 means the user exists already, from an
earlier phase of the same scenario), `POST /auth/login`, then `Authorization: Bearer` with the
access token on every API request (tokens live 15 minutes: longer than any scenario).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import httpx

__all__ = ["PASSWORD", "Caller", "sign_in"]

# Long enough for any length rule; the same for every benchmark user.
PASSWORD = "correct horse battery staple"  # noqa: S105 - throwaway users


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: UUID
    # What every request of this user carries.
    headers: dict[str, str]


def _raise_for(response: httpx.Response, *, allowed: tuple[int, ...] = ()) -> None:
    if response.is_error and response.status_code not in allowed:
        what = f"{response.request.method} {response.request.url.path}"
        raise RuntimeError(f"{what}: {response.status_code} {response.text[:300]}")


def sign_in(client: httpx.Client, email: str) -> Caller:
    """A user of the API for `email` (`client` talks to the Auth service)."""
    credentials = {"email": email, "password": PASSWORD}
    _raise_for(client.post("/auth/register", json=credentials), allowed=(409,))
    login = client.post("/auth/login", json=credentials)
    _raise_for(login)
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    me = client.get("/auth/me", headers=headers)
    _raise_for(me)
    return Caller(user_id=UUID(me.json()["id"]), headers=headers)
