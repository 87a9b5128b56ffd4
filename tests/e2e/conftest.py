"""E2E fixtures: the real API app, wired by the real container, on a real migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.support.http_client import Client, http_client


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Client]:
    app = create_api_app(build_container(e2e_settings(database_url)))
    async with http_client(app) as client:
        yield client


@pytest.fixture
def user_headers() -> dict[str, str]:
    """A fresh user's `Authorization: Bearer ...` header."""
    return new_user()
