"""A committed table of aggregates and the private, transactional view a unit of work gets of it.

This is what makes the in-memory adapters honest twins of a database: a unit of work reads
copies, writes stay private until commit, commit refuses to overwrite a row another unit
changed since it was read (optimistic concurrency), and unique keys hold like unique indexes.
It is also built like one, so that embedding the core in memory stays cheap as tables grow:
lookups go through indexes, and a commit touches only the rows it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar
from uuid import UUID

from adapters.memory.index import Change, SortedIndex, UniqueIndex
from todo_core.domain.aggregate import Aggregate
from todo_core.errors import Conflict, PreconditionFailed

__all__ = ["InMemoryTable", "TableTransaction"]

A = TypeVar("A", bound=Aggregate)


class InMemoryTable(Generic[A]):
    """Committed rows by id, and the indexes over them, changed only by `apply`."""

    def __init__(
        self,
        name: str,
        *,
        unique: Mapping[str, UniqueIndex[A]] | None = None,
        indexes: Mapping[str, SortedIndex[A]] | None = None,
    ) -> None:
        self.name = name
        self.unique = dict(unique or {})
        self.indexes = dict(indexes or {})
        self.rows: dict[UUID, A] = {}

    def check(self, changes: Sequence[Change[A]]) -> None:
        for index in self.unique.values():
            index.check(self.name, changes)

    def apply(self, changes: Sequence[Change[A]]) -> None:
        """Make checked changes the committed state, in place: only the changed rows move."""
        for unique in self.unique.values():
            unique.apply(changes)
        for index in self.indexes.values():
            index.apply(changes)
        rows = self.rows
        for row_id, _, after in changes:
            if after is None:
                del rows[row_id]
            else:
                rows[row_id] = after


class TableTransaction(Generic[A]):
    """One unit of work's view of a table: the committed rows, under its own changes."""

    def __init__(self, table: InMemoryTable[A]) -> None:
        self.table = table
        # Rows handed out or added, by id; the committed version of each one handed out.
        self._working: dict[UUID, A] = {}
        self._loaded_versions: dict[UUID, int] = {}
        self._removed: set[UUID] = set()

    @property
    def touched(self) -> bool:
        """Whether this transaction handed out or added a row (else commit has nothing to do)."""
        return bool(self._working)

    def discard(self) -> None:
        """Forget every change: the transaction sees the committed table again."""
        if self._working:
            self._working = {}
            self._loaded_versions = {}
            self._removed = set()

    def get(self, row_id: UUID) -> A | None:
        if row_id in self._removed:
            return None
        found = self._working.get(row_id)
        if found is not None:
            return found
        committed = self.table.rows.get(row_id)
        return None if committed is None else self._track(committed)

    def add(self, row: A) -> None:
        if self.get(row.id) is not None or row.id in self.table.rows:
            raise Conflict(f"{self.table.name} {row.id} already exists")
        self._working[row.id] = row

    def remove(self, row: A) -> None:
        tracked = self.get(row.id)
        if tracked is not None:
            self._removed.add(row.id)

    def scan(self, predicate: Callable[[A], bool]) -> list[A]:
        """Every visible row matching `predicate`; only the matches are copied and tracked."""
        return [self._tracked(row) for row in self.peek(predicate)]

    def peek(self, predicate: Callable[[A], bool]) -> list[A]:
        """Every visible row matching `predicate`, to read and not to change: committed rows
        come as they are, neither copied nor tracked."""
        # The predicate first: it rejects most rows, and is cheaper than hashing their ids.
        found = [
            row
            for row_id, row in self._working.items()
            if predicate(row) and row_id not in self._removed
        ]
        found += [
            row
            for row_id, row in self.table.rows.items()
            if predicate(row) and row_id not in self._working
        ]
        return found

    def find(self, index: str, key: object, where: Callable[[A], bool] | None = None) -> list[A]:
        """Every visible row whose key in the named index is `key` (and that matches `where`),
        copied and tracked; rows `where` rejects are neither."""
        found = self._peek_index(index, key)
        if where is not None:
            found = [row for row in found if where(row)]
        return [self._tracked(row) for row in found]

    def find_one(self, index: str, key: object) -> A | None:
        """The visible row holding `key` in the named unique index, copied and tracked."""
        found = self._peek_index(index, key)
        return self._tracked(found[0]) if found else None

    def peek_last(self, index: str, key: object) -> A | None:
        """The visible row that sorts last in the named index's group `key`, to read only."""
        sorted_index = self.table.indexes[index]
        order_of = sorted_index.order_of
        last = None
        for row in self._own(sorted_index.key_of, key):
            if last is None or (order_of(row), row.id) > (order_of(last), last.id):
                last = row
        # Committed rows this transaction holds are its own rows above, as they are now.
        for entry in reversed(sorted_index.entries(key)):
            if entry[1] not in self._working:
                if last is None or entry > (order_of(last), last.id):
                    last = self.table.rows[entry[1]]
                break
        return last

    def seen(self) -> Iterator[A]:
        """Every row this transaction handed out or added, removed ones included (for events)."""
        return iter(list(self._working.values()))

    def prepare(self) -> list[Change[A]]:
        """The changes commit would make, as copies; raises instead if commit must fail."""
        rows = self.table.rows
        changes: list[Change[A]] = []
        existing: UUID | None = None
        for row_id, row in self._working.items():
            removed = row_id in self._removed
            loaded = self._loaded_versions.get(row_id)
            if loaded is None:
                # Added here; a row added and removed again never reaches the table.
                if removed:
                    continue
                if row_id in rows:
                    existing = row_id
                changes.append((row_id, None, _isolated_copy(row)))
                continue
            if not removed and row.version == loaded:
                continue
            current = rows.get(row_id)
            if current is None or current.version != loaded:
                raise PreconditionFailed(
                    f"{self.table.name} {row_id} was changed by someone else; reload and retry"
                )
            # A copy, so objects the caller still holds cannot change committed state; without
            # its events, which belong to this commit and must not be replayed by whoever
            # loads the row next.
            changes.append((row_id, current, None if removed else _isolated_copy(row)))
        if existing is not None:
            raise Conflict(f"{self.table.name} {existing} already exists")
        self.table.check(changes)
        return changes

    def _peek_index(self, index: str, key: object) -> list[A]:
        """Visible rows by index: this transaction's own, then the committed ones it has not
        handed out (the index knows committed rows only)."""
        found = self.table.unique.get(index) or self.table.indexes[index]
        own = self._own(found.key_of, key)
        rows, working = self.table.rows, self._working
        return own + [rows[row_id] for row_id in found.ids(key) if row_id not in working]

    def _own(self, key_of: Callable[[A], object], key: object) -> list[A]:
        """This transaction's live rows with `key`: a few, so a scan is cheap."""
        removed = self._removed
        return [
            row
            for row_id, row in self._working.items()
            if row_id not in removed and key_of(row) == key
        ]

    def _tracked(self, row: A) -> A:
        return row if row.id in self._working else self._track(row)

    def _track(self, committed: A) -> A:
        row = _isolated_copy(committed)
        self._working[row.id] = row
        self._loaded_versions[row.id] = row.version
        return row


def _isolated_copy(row: A) -> A:
    """A copy that shares nothing mutable with `row`, without its pending events.

    Aggregates change by rebinding attributes to immutable values (frozen value objects,
    tuples, frozensets), never by mutating them in place; so a shallow copy with its own event
    list is as isolated as a deep copy. Made from the attribute dict directly: `copy.copy`
    takes the generic reduce protocol, several times slower, and this runs for every read.
    """
    clone = object.__new__(type(row))
    clone.__dict__.update(row.__dict__)
    clone._events = []
    return clone
