"""An HTTP client for a Litestar app that runs the app in the test's own event loop.

Litestar's `AsyncTestClient` runs the app, and so every SQLAlchemy call it makes, in a
blocking-portal thread that ends when the client closes. SQLAlchemy's async engine runs driver
calls in greenlets, and greenlet destroys the state of a thread that used them later, from a
pending call in whatever thread next runs Python code; that destruction can stall the main
thread for good (see docs/runbooks/testing.md, "A hang"). Here the lifespan and every request
run in the calling loop, on the thread that owns the engine, and no thread is started.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from litestar import Litestar

__all__ = ["Client", "http_client"]

Client = httpx.AsyncClient


@asynccontextmanager
async def http_client(app: Litestar) -> AsyncIterator[Client]:
    """The app's lifespan around an httpx client that calls it in process."""
    async with (
        _lifespan(app),
        httpx.AsyncClient(
            # Litestar declares its ASGI callable with its own, narrower message types.
            transport=httpx.ASGITransport(app=app, client=("testclient", 50000)),  # type: ignore[arg-type]
            base_url="http://testserver.local",
            headers={"user-agent": "testclient"},
            follow_redirects=True,
        ) as client,
    ):
        yield client


@asynccontextmanager
async def _lifespan(app: Litestar) -> AsyncIterator[None]:
    # In a task of its own: the lifespan holds an anyio task group, which must be left by the
    # task that entered it, and an async fixture's setup and teardown run in different tasks.
    started, stop = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(run())
    waiting = asyncio.create_task(started.wait())
    await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiting.cancel()
        await task  # the startup failed: raise its error here
        raise RuntimeError("the app's lifespan ended during startup")
    try:
        yield
    finally:
        stop.set()
        await task
