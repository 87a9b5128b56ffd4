"""E2E fixtures: the real API app, wired by the real container, on a real migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.support.http_client import Client, http_client


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Client]:
    app = create_api_app(build_container(e2e_settings(database_url)))
    async with http_client(app) as client:
        yield client


@pytest.fixture(scope="module")
def api_app(database_url: str) -> Litestar:
    """The real app from the real container, built once per database for a module's tests:
    building one costs more than most of them. Each test still starts it afresh
    (`module_api`), and every test acts as a fresh user, so none sees another's data."""
    return create_api_app(build_container(e2e_settings(database_url)))


@pytest.fixture
async def module_api(api_app: Litestar) -> AsyncIterator[Client]:
    async with http_client(api_app) as client:
        yield client


@pytest.fixture
def user_headers() -> dict[str, str]:
    """A fresh user's `Authorization: Bearer ...` header."""
    return new_user()
