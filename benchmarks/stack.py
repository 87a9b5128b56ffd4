"""The API as a client meets it: `todo api` on the app's core, and `todo auth` to sign users in.

Both get the same settings: one database, one signing key (the API verifies the tokens the
Auth service signs with its public half, without calling it), a fixed cursor secret, and rate
limits far above any load here: the limiter still runs on every request, as in production,
but never refuses one (a refused request would measure the 429 instead).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from benchmarks.context import BenchContext
from benchmarks.servers import Server, running_server, todo_command

__all__ = ["CURSOR_SECRET", "ApiStack", "api_settings", "api_stack"]

# Fixed, so that the harness can check (and make) cursors the server accepts.
CURSOR_SECRET = "benchmark-cursor-secret-0123456789"  # noqa: S105 - a throwaway server
_NEVER_LIMITED = str(10**9)


@dataclass(frozen=True, slots=True)
class ApiStack:
    api: Server
    # The service that signs users in (see `benchmarks.auth`).
    auth: Server
    settings: dict[str, str]


def _signing_key() -> str:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode()


def api_settings(database_url: str) -> dict[str, str]:
    return {
        "TODO_DATABASE_URL": database_url,
        "TODO_CURSOR_SECRET": CURSOR_SECRET,
        "TODO_SIGNING_KEYS": _signing_key(),
        "TODO_RATE_LIMIT_AUTH_PER_MINUTE": _NEVER_LIMITED,
        "TODO_RATE_LIMIT_EMAIL_PER_MINUTE": _NEVER_LIMITED,
        "TODO_RATE_LIMIT_API_PER_MINUTE": _NEVER_LIMITED,
    }


@contextlib.contextmanager
def api_stack(
    context: BenchContext, database_url: str, *, auth_cpus: frozenset[int] | None = None
) -> Iterator[ApiStack]:
    """`todo auth` runs beside the database (idle while the API is measured) unless
    `auth_cpus` says otherwise; login, which measures it, gives it every core."""
    settings = api_settings(database_url)
    cpus = context.layout.database if auth_cpus is None else auth_cpus
    with (
        running_server(todo_command("auth"), settings=settings, cpus=cpus) as auth,
        running_server(todo_command("api"), settings=settings, cpus=context.layout.app) as api,
    ):
        yield ApiStack(api=api, auth=auth, settings=settings)
