"""`POST /api/v1/unsubscribe` on the API app and a real database: no login, the signed token
is the authority; one-click bodies are accepted; anything else about the token is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import pytest

from entrypoints.container import Container, build_container
from entrypoints.http import create_api_app
from entrypoints.settings import Settings
from tests.support.http_client import http_client
from tests.support.mail_events import reminder_due
from tests.support.mail_jobs import job_for

ONE_CLICK = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
async def container(database_url: str) -> AsyncIterator[Container]:
    container = build_container(
        Settings(
            database_url=database_url,
            unsubscribe_secret="e2e-unsubscribe-secret-0123",  # noqa: S106 - a test's own
        )
    )
    yield container
    await container.engine().dispose()


async def test_a_one_click_post_turns_reminders_off_for_that_user_only(
    container: Container,
) -> None:
    ann, bob = uuid4(), uuid4()
    token = container.unsubscribe_tokens().token(ann, "reminder")

    async with http_client(create_api_app(container)) as client:
        for _ in range(2):
            done = await client.post(
                f"/api/v1/unsubscribe?token={token}",
                content=b"List-Unsubscribe=One-Click",
                headers=ONE_CLICK,
            )
            assert (done.status_code, done.content) == (204, b"")

    process = container.mail_processor()
    for_ann, for_bob = reminder_due(owner_id=ann), reminder_due(owner_id=bob)
    await process(for_ann)
    await process(for_bob)
    assert await job_for(container.engine(), for_ann.id) is None
    assert await job_for(container.engine(), for_bob.id) is not None


@pytest.mark.parametrize("query", ["", "?token=", "?token=nonsense", "?token=YWJj.ZGVm"])
async def test_a_missing_or_unsigned_token_is_refused(container: Container, query: str) -> None:
    async with http_client(create_api_app(container)) as client:
        refused = await client.post(f"/api/v1/unsubscribe{query}", headers=ONE_CLICK)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "token" in refused.text
