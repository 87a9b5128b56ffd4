"""Driver errors become core errors here, so no caller above the adapter ever sees SQLAlchemy.

| driver error                                                   | core error          |
|----------------------------------------------------------------|---------------------|
| SQLSTATE 40001 serialization failure, 40P01 deadlock           | `TransientConflict` |
| `IntegrityError` (unique, foreign key, check violations)       | `Conflict`          |
| a connection SQLAlchemy invalidated (`connection_invalidated`) | `StorageUnavailable`|
| SQLSTATE 08 (connection), 53300 (too many connections),        | `StorageUnavailable`|
| 57P01-57P03 (server shutting down, crashed, starting up)       |                     |
| `OperationalError`, `InterfaceError` (SQLite's locked or       | `StorageUnavailable`|
| unopenable file, asyncpg's closed connection)                  |                     |
| `PendingRollbackError`: the unit is used after its connection  | `StorageUnavailable`|
| was lost                                                       |                     |
| pool timeout (`sqlalchemy.exc.TimeoutError`)                   | `StorageUnavailable`|
| `OSError`: refused, reset, timed-out sockets                   | `StorageUnavailable`|

Anything else (a `ProgrammingError`, say) is a bug, and goes up untouched to become a 500.

The SQLSTATE is read from the driver's exception: SQLAlchemy keeps it in `error.orig`, where
the asyncpg dialect sets `sqlstate` and `pgcode` (psycopg has `pgcode`); asyncpg's own
exceptions, which escape SQLAlchemy unwrapped while a connection is being opened, carry
`sqlstate` themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import exc as sa_exc

from todo_core.errors import Conflict, StorageUnavailable, TodoError, TransientConflict

__all__ = ["translate_driver_errors", "translated"]

_LOST_RACE_SQLSTATES = frozenset({"40001", "40P01"})
_UNAVAILABLE_SQLSTATE_CLASSES = frozenset({"08"})
_UNAVAILABLE_SQLSTATES = frozenset({"53300", "57P01", "57P02", "57P03"})


@asynccontextmanager
async def translate_driver_errors() -> AsyncIterator[None]:
    try:
        yield
    except Exception as error:
        core_error = translated(error)
        if core_error is None:
            raise
        raise core_error from error


def translated(error: BaseException) -> TodoError | None:
    """The core error `error` means, or None when it is no driver error we know (a bug)."""
    sqlstate = _sqlstate(error)
    if sqlstate in _LOST_RACE_SQLSTATES:
        return TransientConflict("the transaction lost a race with another; try again")
    if isinstance(error, sa_exc.IntegrityError):
        return Conflict("the change conflicts with stored data")
    if _is_unavailable(error, sqlstate):
        return StorageUnavailable("the database is unavailable")
    return None


def _sqlstate(error: BaseException) -> str | None:
    driver_error = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    for attribute in ("sqlstate", "pgcode"):
        code = getattr(driver_error, attribute, None)
        if isinstance(code, str):
            return code
    return None


def _is_unavailable(error: BaseException, sqlstate: str | None) -> bool:
    if sqlstate is not None and (
        sqlstate in _UNAVAILABLE_SQLSTATES or sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES
    ):
        return True
    # SQLAlchemy asked the dialect, which knows its driver's ways of saying "disconnected".
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    # SQLAlchemy refuses to go on with a transaction whose connection it invalidated. (It says
    # the same after a failed COMMIT, but a unit of work never goes on after one: the error
    # leaves its block, which rolls back.)
    if isinstance(error, sa_exc.PendingRollbackError):
        return True
    return isinstance(
        error,
        # Lost and refused connections, and the pool's own timeout: worth retrying later.
        # OSError: asyncpg raises it bare (ConnectionRefusedError, ConnectionResetError,
        # TimeoutError) where no SQLAlchemy wrapper stands between it and us.
        sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError | OSError,
    )
