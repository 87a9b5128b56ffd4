"""Readiness: can the database answer a trivial query right now?"""

from __future__ import annotations

import asyncio

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.transactions import reading

__all__ = ["database_is_reachable"]


# A probe that hangs is worse than one that says no: orchestrators time out probes anyway.
_PROBE_TIMEOUT_SECONDS = 2.0


async def database_is_reachable(engine: AsyncEngine) -> bool:
    try:
        async with asyncio.timeout(_PROBE_TIMEOUT_SECONDS), reading(engine).connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (sa_exc.SQLAlchemyError, OSError, TimeoutError):
        return False
    return True
