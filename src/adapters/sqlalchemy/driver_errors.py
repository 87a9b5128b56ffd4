"""Driver errors become core errors here, so no caller above the adapter ever sees SQLAlchemy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import exc as sa_exc

from todo_core.errors import Conflict, StorageUnavailable

__all__ = ["translate_driver_errors"]


@asynccontextmanager
async def translate_driver_errors() -> AsyncIterator[None]:
    try:
        yield
    except sa_exc.IntegrityError as error:
        raise Conflict("the change conflicts with stored data") from error
    except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError) as error:
        # Lost connections, refused connections and pool timeouts: worth retrying later.
        raise StorageUnavailable("the database is unavailable") from error
    except OSError as error:
        # asyncpg raises plain OSError (e.g. ConnectionRefusedError) before a connection exists.
        raise StorageUnavailable("the database is unavailable") from error
