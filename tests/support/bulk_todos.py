"""Many realistic todos, fast: rows built directly (not through the aggregate) and COPYed into a
migrated PostgreSQL database, for the query-plan test and `scripts/measure_list_query.py`.

The mix is what the list queries meet in production: owners of very different sizes (a few
thousand todos for the busiest, a few dozen for most), about 30% done, 5% trashed, 60% with a
due (half of them whole days), priorities spread, several lists per owner, labels on about a
third, an occasional reminder or recurrence. Rows are COPYed in creation order, interleaving
owners, so the heap is laid out as years of use would lay it out, not one owner after another.
Each todo's `todo_labels` rows go in with it, as the repository writes them (`todo_label_rows`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy.engine import make_url

__all__ = ["TodoPopulation", "load_todos"]

# Every column of `todos`, in the order `_rows` builds them.
_COLUMNS = (
    "id",
    "owner_id",
    "list_id",
    "parent_id",
    "title",
    "notes",
    "status",
    "priority",
    "priority_rank",
    "due_date",
    "due_at",
    "due_timezone",
    "due_deadline",
    "labels",
    "reminders",
    "recurrence",
    "next_reminder_at",
    "position",
    "completed_at",
    "deleted_at",
    "created_at",
    "updated_at",
    "version",
)
_LABEL_COLUMNS = ("todo_id", "label_id", "owner_id", "created_at", "live")
_VERBS = ("Call", "Buy", "Email", "Review", "Fix", "Plan", "Book", "Pay", "Clean", "Write")
_NOUNS = (
    "dentist",
    "groceries",
    "landlord",
    "quarterly report",
    "bike tyre",
    "team offsite",
    "flights",
    "electricity bill",
    "garage",
    "birthday card",
    "insurance",
    "tax return",
    "newsletter",
    "car service",
    "garden",
)
# Words for the notes; "invoice" is rare on purpose: the text search looks for it.
_WORDS = (
    "remember",
    "before",
    "friday",
    "ask",
    "about",
    "the",
    "price",
    "and",
    "check",
    "twice",
    "maybe",
    "next",
    "week",
    "with",
    "receipt",
    "number",
)
# (priority, rank, cumulative weight): none dominates, urgent is rare.
_PRIORITIES = (
    ("none", 0, 50),
    ("low", 1, 65),
    ("medium", 2, 80),
    ("high", 3, 92),
    ("urgent", 4, 100),
)
_ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
_HISTORY = timedelta(days=730)
_SEARCH_WORD = "invoice"


@dataclass(frozen=True, slots=True)
class TodoPopulation:
    """What was loaded, for choosing realistic query parameters."""

    total: int
    # The owner with the most todos, and one of median size.
    busiest_owner: UUID
    typical_owner: UUID
    lists: dict[UUID, list[UUID]]
    labels: dict[UUID, list[UUID]]
    # The newest created_at: "now" for the overdue filter.
    now: datetime
    # A word in about 1% of titles and a few notes, for the text search.
    search_word: str = _SEARCH_WORD


def _uuid7(at: datetime, rng: random.Random) -> UUID:
    # Time-ordered like the service's ids, but for an instant of our choosing.
    millis = int(at.timestamp() * 1000)
    value = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64)
    value |= (0b10 << 62) | rng.getrandbits(62)
    return UUID(int=value)


def _uuid4(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


class _Builder:
    def __init__(self, total: int, owners: int, seed: int) -> None:
        # Seeded, so every run loads the same todos (and gets the same plans).
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        self.total = total
        rng = self.rng
        self.owners = [_uuid4(rng) for _ in range(owners)]
        # A power law: the busiest owner has about a hundred times the todos of the quietest.
        self.cumulative = list(accumulate((rank + 1) ** -0.7 for rank in range(owners)))
        self.lists = {o: [_uuid4(rng) for _ in range(rng.randint(3, 8))] for o in self.owners}
        self.labels = {o: [_uuid4(rng) for _ in range(rng.randint(2, 6))] for o in self.owners}
        self.positions: dict[tuple[UUID, UUID | None], int] = {}
        self.recent: dict[UUID, UUID] = {}
        # `todo_labels`, in `_LABEL_COLUMNS` order, filled as the todos are built.
        self.label_rows: list[tuple[UUID, UUID, UUID, datetime, bool]] = []
        self.now = datetime(2026, 11, 1, 12, tzinfo=UTC)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        owners = rng.choices(self.owners, cum_weights=self.cumulative, k=self.total)
        start = self.now - _HISTORY
        step = _HISTORY / self.total
        for index, owner in enumerate(owners):
            created = start + step * index + timedelta(microseconds=rng.randrange(1000))
            yield self._row(owner, created)

    def _row(self, owner: UUID, created: datetime) -> tuple[Any, ...]:
        rng = self.rng
        todo_id = _uuid7(created, rng)
        list_id = rng.choice(self.lists[owner]) if rng.random() < 0.85 else None
        position = self.positions.get((owner, list_id), -1) + 1
        self.positions[owner, list_id] = position
        parent_id = self.recent.get(owner) if rng.random() < 0.03 else None
        self.recent[owner] = todo_id

        title = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}"
        if rng.random() < 0.01:
            title += f" {_SEARCH_WORD} {rng.randrange(10_000)}"
        notes = ""
        if rng.random() < 0.4:
            notes = " ".join(rng.choices(_WORDS, k=rng.randint(3, 25)))
            if rng.random() < 0.01:
                notes += f" {_SEARCH_WORD.upper()}"

        roll = rng.randrange(100)
        priority, rank = next((name, r) for name, r, upto in _PRIORITIES if roll < upto)

        due_date: date | None = None
        due_at: datetime | None = None
        zone: str | None = None
        deadline: datetime | None = None
        if rng.random() < 0.6:
            due_day = (created + timedelta(days=rng.randint(-2, 60))).date()
            if rng.random() < 0.5:
                due_date = due_day
                # Midnight after the day; the owner's zone is taken as UTC here.
                deadline = datetime.combine(due_day + timedelta(days=1), time(), UTC)
            else:
                zone = rng.choice(_ZONES)
                due_at = datetime.combine(due_day, time(rng.randint(7, 20)), UTC)
                deadline = due_at

        # Each of the owner's labels on one todo in ten: about a third of todos have some.
        labels = sorted(label for label in self.labels[owner] if rng.random() < 0.1)
        done = rng.random() < 0.3
        completed = self._later(created, days=30) if done else None
        trashed = self._later(created, days=60) if rng.random() < 0.05 else None
        self.label_rows += [(todo_id, label, owner, created, trashed is None) for label in labels]

        reminders: list[dict[str, Any]] = []
        next_reminder = None
        if rng.random() < 0.1:
            fire_at = created + timedelta(days=rng.uniform(0, 90))
            live = not done and trashed is None and fire_at > self.now
            reminder = {"id": str(_uuid4(rng)), "kind": "at", "at": _iso(fire_at)}
            status = "pending" if live else "cancelled"
            reminders.append(reminder | {"fire_at": _iso(fire_at), "status": status})
            next_reminder = fire_at if live else None
        recurrence = None
        if deadline is not None and rng.random() < 0.03:
            series_start = deadline.replace(tzinfo=None).isoformat()
            recurrence = {
                "rule": "FREQ=WEEKLY",
                "mode": "due",
                "series_start": series_start,
                "completed_occurrences": 0,
            }

        changes = [instant for instant in (completed, trashed) if instant is not None]
        return (
            todo_id,
            owner,
            list_id,
            parent_id,
            title,
            notes,
            "done" if done else "open",
            priority,
            rank,
            due_date,
            due_at,
            zone,
            deadline,
            json.dumps([str(label) for label in labels]),
            json.dumps(reminders),
            None if recurrence is None else json.dumps(recurrence),
            next_reminder,
            position,
            completed,
            trashed,
            created,
            max([created, *changes]),
            1 + len(changes),
        )

    def _later(self, instant: datetime, *, days: int) -> datetime:
        # Up to `days` after `instant`, but not after "now".
        return min(instant + timedelta(days=self.rng.uniform(0, days)), self.now)

    def population(self) -> TodoPopulation:
        counts: dict[UUID, int] = {}
        for (owner, _), last in self.positions.items():
            counts[owner] = counts.get(owner, 0) + last + 1
        by_size = sorted(counts, key=counts.__getitem__)
        return TodoPopulation(
            total=self.total,
            busiest_owner=by_size[-1],
            typical_owner=by_size[len(by_size) // 2],
            lists=self.lists,
            labels=self.labels,
            now=self.now,
        )


async def load_todos(url: str, *, total: int, owners: int, seed: int = 20261126) -> TodoPopulation:
    """COPY `total` todos of `owners` owners into the migrated database at `url`, then ANALYZE."""
    builder = _Builder(total, owners, seed)
    rows = list(builder.rows())
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        # Nothing here needs to survive a crash; not waiting for the WAL flush saves seconds.
        await connection.execute("SET synchronous_commit = off")
        await connection.copy_records_to_table("todos", records=rows, columns=_COLUMNS)
        await connection.copy_records_to_table(
            "todo_labels", records=builder.label_rows, columns=_LABEL_COLUMNS
        )
        # Statistics, and a visibility map, as autovacuum would have left them by now.
        await connection.execute("VACUUM (ANALYZE) todos, todo_labels")
    finally:
        await connection.close()
    return builder.population()
