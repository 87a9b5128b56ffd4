"""LISTEN for a trigger's NOTIFY, so a loop wakes when rows commit: the outbox's (migration 0009)
wakes the relay, the todos' reminder trigger (migration 0013) the scheduler.

A notification is only a hint: one can be missed (the listening connection dropped, the relay
was busy elsewhere), so the relay also polls; a missed hint costs at most one poll interval. The
listening connection is re-established on the next wait after it was lost.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

__all__ = ["OUTBOX_CHANNEL", "REMINDERS_CHANNEL", "PostgresOutboxListener"]

# The channel the trigger of migration 0009 notifies on every insert into the outbox.
OUTBOX_CHANNEL = "todo_outbox"
# The channel migration 0013's triggers notify when a todo's next pending reminder appears or
# moves.
REMINDERS_CHANNEL = "todo_reminders"
_LOG = logging.getLogger(__name__)


class PostgresOutboxListener:
    def __init__(self, engine: AsyncEngine, channel: str = OUTBOX_CHANNEL) -> None:
        self._engine = engine
        self._channel = channel
        self._connection: AsyncConnection | None = None
        self._driver: Any = None
        self._notified = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        """Returns True when notified, False after `seconds` seconds without a notification."""
        await self._ensure_listening()
        try:
            await asyncio.wait_for(self._notified.wait(), seconds)
        except TimeoutError:
            return False
        # Cleared before the caller's claim: a commit after this point notifies again.
        self._notified.clear()
        return True

    async def close(self) -> None:
        connection, driver = self._connection, self._driver
        self._connection, self._driver = None, None
        if connection is None:
            return
        # The connection goes back to the pool: it must not keep listening for another user.
        with suppress(sa_exc.SQLAlchemyError, OSError, RuntimeError):
            if driver is not None and not driver.is_closed():
                await driver.remove_listener(self._channel, self._on_notification)
        with suppress(sa_exc.SQLAlchemyError, OSError):
            await connection.close()

    async def _ensure_listening(self) -> None:
        if self._driver is not None and not self._driver.is_closed():
            return
        await self.close()
        try:
            connection = await self._engine.connect()
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            await driver.add_listener(self._channel, self._on_notification)
        except (sa_exc.SQLAlchemyError, OSError) as exc:
            # Polling alone still publishes everything; try listening again on the next wait.
            _LOG.warning("cannot LISTEN on %s, polling only: %r", self._channel, exc)
            return
        self._connection, self._driver = connection, driver
        # Rows may have committed while nobody listened.
        self._notified.set()

    def _on_notification(self, *_: object) -> None:
        self._notified.set()
