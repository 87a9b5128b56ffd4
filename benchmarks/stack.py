"""The API as a client meets it: `todo api` on the app's core, and whatever signs users in."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from benchmarks.context import BenchContext
from benchmarks.servers import Server, running_server, todo_command

__all__ = ["CURSOR_SECRET", "ApiStack", "api_stack"]

# Fixed, so that the harness can check (and make) cursors the server accepts.
CURSOR_SECRET = "benchmark-cursor-secret-0123456789"  # noqa: S105 - a throwaway server


@dataclass(frozen=True, slots=True)
class ApiStack:
    api: Server
    # The service that signs users in (see `benchmarks.auth`); the API itself until Auth exists.
    auth: Server
    settings: dict[str, str]


def api_settings(database_url: str) -> dict[str, str]:
    return {"TODO_DATABASE_URL": database_url, "TODO_CURSOR_SECRET": CURSOR_SECRET}


@contextlib.contextmanager
def api_stack(context: BenchContext, database_url: str) -> Iterator[ApiStack]:
    settings = api_settings(database_url)
    with running_server(todo_command("api"), settings=settings, cpus=context.layout.app) as api:
        yield ApiStack(api=api, auth=api, settings=settings)
