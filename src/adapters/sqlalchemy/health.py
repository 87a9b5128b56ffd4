"""Readiness: can the database answer a trivial query right now?"""

from __future__ import annotations

import asyncio

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["database_is_reachable"]


async def database_is_reachable(engine: AsyncEngine, *, timeout: float = 2.0) -> bool:
    try:
        async with asyncio.timeout(timeout), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (sa_exc.SQLAlchemyError, OSError, TimeoutError):
        return False
    return True
