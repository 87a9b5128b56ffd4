"""One aggregate table as one unit of work sees it: what it loaded, added and removed, and the
version-checked SQL that stores the changes.

Every aggregate table has `id` and `version`. An added aggregate is INSERTed at once. Flushing
writes each tracked aggregate whose version grew since it was loaded, with
`UPDATE ... WHERE id = :id AND version = :loaded`; removing is
`DELETE ... WHERE id = :id AND version = :loaded`. When no row matches, another unit committed
a change first, and the caller gets `PreconditionFailed` (optimistic concurrency).

An aggregate may also imply rows in other tables (`DerivedRows`, e.g. one per label of a todo,
for an index). They are written right after the aggregate's own row succeeds, in the same
transaction: inserted with it, replaced when what they are made of changed, deleted with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import (
    Column,
    Delete,
    RowMapping,
    Select,
    Table,
    Update,
    delete,
    insert,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.constant_statements import insert_into
from adapters.sqlalchemy.driver_errors import translate_driver_errors
from todo_core.domain.aggregate import Aggregate
from todo_core.errors import PreconditionFailed

__all__ = ["AggregateRows", "DerivedRows"]

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")

# Bound values of a statement built once, by bind parameter name.
Parameters = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DerivedRows(Generic[A]):
    """Rows of another table that follow from each aggregate and are written only with it.

    `rows_of` must be deterministic (same aggregate state, equal list): comparing its result
    with the one last stored is how a flush knows whether the rows need rewriting.
    """

    table: Table
    # The column of `table` holding the aggregate's id: what deleting an aggregate's rows matches.
    aggregate_id: Column[UUID]
    rows_of: Callable[[A], list[dict[str, Any]]]


class AggregateRows(Generic[A]):
    def __init__(  # noqa: PLR0913 - each describes the table, and all but two are keywords
        self,
        connection: AsyncConnection,
        table: Table,
        *,
        to_row: Callable[[A], dict[str, Any]],
        from_row: Callable[[RowMapping], A],
        derived: Sequence[DerivedRows[A]] = (),
        on_write: Callable[[], None] | None = None,
    ) -> None:
        self._connection = connection
        self._table = table
        self._to_row = to_row
        self._from_row = from_row
        self._derived = tuple(derived)
        self._current: dict[UUID, A] = {}
        # The version each row has in this transaction: as loaded, inserted or last flushed.
        self._stored_versions: dict[UUID, int] = {}
        # The derived rows each aggregate has in this transaction, one list per `DerivedRows`.
        # Aggregates change in place, so "before" must be kept as rows, not as the aggregate.
        self._stored_derived: dict[UUID, list[list[dict[str, Any]]]] = {}
        # Deleted here, and kept: their last events must still reach the outbox.
        self._removed: list[A] = []
        # Told of every statement that changes the table (for what others keep of it).
        self._on_write = on_write

    @property
    def seen(self) -> list[A]:
        """Every aggregate handed out, added or removed here; their events go to the outbox."""
        return [*self._current.values(), *self._removed]

    @property
    def has_unflushed_changes(self) -> bool:
        """Whether an aggregate handed out here changed since it was last written."""
        return any(
            aggregate.version > self._stored_versions[key]
            for key, aggregate in self._current.items()
        )

    async def load_one(
        self, statement: Select[Any], parameters: Parameters | None = None
    ) -> A | None:
        found = await self.load_all(statement, parameters)
        return found[0] if found else None

    async def load_all(
        self, statement: Select[Any], parameters: Parameters | None = None
    ) -> list[A]:
        return [aggregate for aggregate, _ in await self.load_with_rows(statement, parameters)]

    async def load_with_rows(
        self, statement: Select[Any], parameters: Parameters | None = None
    ) -> list[tuple[A, RowMapping]]:
        """Each aggregate with its row, for a statement that selects more than the table."""
        # Flushing first lets the query see this unit's own changes, as the in-memory twin does:
        # without it, a list renamed in memory would still be found by its old name.
        await self.flush()
        async with translate_driver_errors():
            rows = (await self._connection.execute(statement, parameters)).mappings().all()
        return [(self._track(self._from_row(row)), row) for row in rows]

    async def scalar(
        self, statement: Select[tuple[T]], parameters: Parameters | None = None
    ) -> T | None:
        await self.flush()
        async with translate_driver_errors():
            value: T | None = await self._connection.scalar(statement, parameters)
        return value

    async def insert(self, aggregate: A) -> None:
        self._wrote()
        async with translate_driver_errors():
            await self._connection.execute(insert_into(self._table), self._to_row(aggregate))
        # Nothing derived is stored yet: `_write_derived` inserts all of it.
        self._remember(aggregate, derived=[[] for _ in self._derived])
        await self._write_derived(aggregate)

    async def delete(self, aggregate: A) -> None:
        # An aggregate this unit never loaded is checked against the version the caller holds.
        expected = self._stored_versions.get(aggregate.id, aggregate.version)
        self._wrote()
        await self._execute_checked(
            delete(self._table).where(
                self._table.c.id == aggregate.id, self._table.c.version == expected
            ),
            aggregate,
        )
        # After the checked DELETE, so a lost race leaves them alone (their foreign key is
        # checked at commit). Also for an aggregate this unit never loaded: no rows to compare.
        async with translate_driver_errors():
            for derived in self._derived:
                await self._connection.execute(
                    delete(derived.table).where(derived.aggregate_id == aggregate.id)
                )
        known = self._current.pop(aggregate.id, None)
        self._stored_versions.pop(aggregate.id, None)
        self._stored_derived.pop(aggregate.id, None)
        if known is not None and known is not aggregate:
            self._removed.append(known)
        self._removed.append(aggregate)

    async def flush(self) -> None:
        """Write every aggregate changed since it was loaded; raise if one was changed elsewhere."""
        # In id order, so two units updating the same rows on PostgreSQL lock them in the same
        # order and wait for each other instead of deadlocking.
        for aggregate in sorted(self._current.values(), key=lambda changed: changed.id):
            stored = self._stored_versions[aggregate.id]
            if aggregate.version <= stored:
                continue
            row = self._to_row(aggregate)
            del row["id"]
            self._wrote()
            await self._execute_checked(
                update(self._table)
                .where(self._table.c.id == aggregate.id, self._table.c.version == stored)
                .values(row),
                aggregate,
            )
            self._stored_versions[aggregate.id] = aggregate.version
            await self._write_derived(aggregate)

    def _wrote(self) -> None:
        # Before the statement: whatever others kept of the table is stale even if it fails.
        if self._on_write is not None:
            self._on_write()

    def _track(self, loaded: A) -> A:
        # One object per row and unit (an identity map): otherwise a change made through the
        # first copy would be lost, or overwritten, when a later query loads the row again.
        known = self._current.get(loaded.id)
        if known is not None:
            return known
        # Its derived rows are what its row implies: every write goes through here, so the
        # tables agree.
        self._remember(loaded, derived=[rows.rows_of(loaded) for rows in self._derived])
        return loaded

    def _remember(self, aggregate: A, *, derived: list[list[dict[str, Any]]]) -> None:
        self._current[aggregate.id] = aggregate
        self._stored_versions[aggregate.id] = aggregate.version
        self._stored_derived[aggregate.id] = derived

    async def _write_derived(self, aggregate: A) -> None:
        """Once the aggregate's own row is written: bring each table's derived rows from those
        stored to those the aggregate implies now. A table whose rows changed is rewritten,
        DELETE then INSERT (an aggregate has a handful); most updates (a title, a status) change
        none and cost no statement."""
        stored = self._stored_derived[aggregate.id]
        for index, derived in enumerate(self._derived):
            rows = derived.rows_of(aggregate)
            if rows == stored[index]:
                continue
            async with translate_driver_errors():
                if stored[index]:
                    await self._connection.execute(
                        delete(derived.table).where(derived.aggregate_id == aggregate.id)
                    )
                if rows:
                    await self._connection.execute(insert(derived.table), rows)
            stored[index] = rows

    async def _execute_checked(self, statement: Update | Delete, aggregate: A) -> None:
        # A lost race shows as no row matched. (On SQLite no other writer comes between a
        # unit's read and its write at all: see `sqlite/engine.py`.)
        async with translate_driver_errors():
            result = await self._connection.execute(statement)
        if result.rowcount == 0:
            raise self._lost_race(aggregate)

    def _lost_race(self, aggregate: A) -> PreconditionFailed:
        return PreconditionFailed(
            f"{self._table.name} row {aggregate.id} was changed or removed by someone else; "
            "reload and retry"
        )
