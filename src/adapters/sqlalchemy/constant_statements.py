"""Statements built once and reused, a speed trick kept in one place.

SQLAlchemy memoises a statement's cache key on the statement object, so a statement reused
across calls is found in the compiled cache at once, instead of being walked and hashed again
(with every value inside it) on each call. So the hot statements are built once, at import,
with their values as bound parameters (`bindparam`; an IN list as an expanding one, which
keeps one statement whatever its length), and executed with the values as parameters.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from sqlalchemy import Executable, Insert, Table, insert

__all__ = ["constant", "insert_into"]

S = TypeVar("S", bound=Executable)


def constant(statement: S) -> S:
    """`statement`, to be built once and executed with its values as parameters."""
    return statement


@cache
def insert_into(table: Table) -> Insert:
    """The one INSERT statement of `table`, executed with each row as parameters."""
    return insert(table)
