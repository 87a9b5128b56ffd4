"""E2E fixtures: the real API app, wired by the real container, on a real migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from entrypoints.settings import Settings


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[AsyncTestClient[Litestar]]:
    app = create_api_app(build_container(Settings(database_url=database_url)))
    async with AsyncTestClient(app=app) as client:
        yield client


@pytest.fixture
def user_headers() -> dict[str, str]:
    return {"X-User-Id": str(uuid4())}
