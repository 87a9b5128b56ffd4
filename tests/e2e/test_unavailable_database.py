"""When the database is down the service stays up, says so, and answers 503, not 500."""

from __future__ import annotations

import socket

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.support.http_client import http_client


def _refusing_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql+asyncpg://todo@127.0.0.1:{port}/todo"


async def test_ready_is_503_and_requests_get_a_retryable_503() -> None:
    app = create_api_app(build_container(e2e_settings(_refusing_url())))
    async with http_client(app) as client:
        assert (await client.get("/health/live")).status_code == 200
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": "down"}

        response = await client.get("/api/v1/todos", headers=new_user())
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json()["type"] == "urn:todo:problem:storage-unavailable"
