"""core_embedded: in-memory create + complete pairs per second through the `Application` facade,
vs the same two operations done on plain dicts in a loop (the floor of Python work), on one core.

Both sides use the same clock and id generator, start from an empty store and begin a fresh
one every `_BATCH` pairs, so the figure is the cost of a pair at a small store, not of one that
grows for as long as the scenario runs (the in-memory tables are indexed, so a pair costs
about the same at a larger one).
Measured in a child process pinned to the app's core. Target >= 0.2.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from typing import Any
from uuid import UUID, uuid4

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from adapters.system import SystemClock, Uuid7IdGenerator
from benchmarks.context import BenchContext
from benchmarks.cpus import running_on
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.stats import median
from todo_core import Application, Ports
from todo_core.domain.ids import UserId
from todo_core.use_cases import CreateTodoCommand, TodoCommand

__all__ = ["run"]

NAME = "core_embedded"
_BATCH = 100
_TITLE = "buy milk"


def _application(store: InMemoryStore) -> Application:
    ports = Ports(
        uow=lambda: InMemoryUnitOfWork(store), clock=SystemClock(), ids=Uuid7IdGenerator()
    )
    return Application(ports)


async def _app_pairs(seconds: float) -> float:
    """Pairs per second over at least `seconds` of pairs (set-up not timed)."""
    me = UserId(uuid4())
    pairs, spent = 0, 0.0
    while spent < seconds:
        app = _application(InMemoryStore())
        began = time.perf_counter()
        for _ in range(_BATCH):
            view = await app.create_todo(CreateTodoCommand(actor=me, title=_TITLE))
            await app.complete_todo(TodoCommand(actor=me, todo_id=view.id))
        spent += time.perf_counter() - began
        pairs += _BATCH
    return pairs / spent


class _DictStore:
    """The same bookkeeping as the core's, without the core: dicts, and events as dicts."""

    def __init__(self) -> None:
        self.todos: dict[UUID, dict[str, Any]] = {}
        self.inboxes: dict[UUID, UUID] = {}
        self.positions: dict[UUID, int] = {}
        self.outbox: list[dict[str, Any]] = []


def _dict_pair(store: _DictStore, owner: UUID, ids: Uuid7IdGenerator, clock: SystemClock) -> None:
    # create: check the title, find (or make) the inbox, take the next position, store, record.
    title = _TITLE.strip()
    if not title or len(title) > 500:
        raise ValueError(title)
    now = clock.now()
    inbox = store.inboxes.get(owner)
    if inbox is None:
        inbox = store.inboxes[owner] = ids.new_id()
        store.outbox.append({"type": "list.created", "id": inbox, "owner": owner, "at": now})
    position = store.positions.get(inbox, -1) + 1
    store.positions[inbox] = position
    todo_id = ids.new_id()
    todo = {
        "id": todo_id,
        "owner_id": owner,
        "list_id": inbox,
        "title": title,
        "notes": "",
        "status": "open",
        "priority": "none",
        "position": position,
        "completed_at": None,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    store.todos[todo_id] = todo
    store.outbox.append({"type": "todo.created", "at": now, "data": dict(todo)})
    # complete: load it as its owner, check it is open, change it, record.
    now = clock.now()
    found = store.todos.get(todo_id)
    if found is None or found["owner_id"] != owner or found["status"] != "open":
        raise LookupError(todo_id)
    found |= {"status": "done", "completed_at": now, "updated_at": now}
    found["version"] += 1
    store.outbox.append({"type": "todo.completed", "id": todo_id, "at": now})


def _dict_pairs(seconds: float) -> float:
    ids, clock, owner = Uuid7IdGenerator(), SystemClock(), uuid4()
    pairs, spent = 0, 0.0
    while spent < seconds:
        store = _DictStore()
        began = time.perf_counter()
        for _ in range(_BATCH):
            _dict_pair(store, owner, ids, clock)
        spent += time.perf_counter() - began
        pairs += _BATCH
    return pairs / spent


def _measure(seconds: float, repetitions: int) -> dict[str, list[float]]:
    # Warm-up: imports, caches and the allocator settle before anything counts.
    asyncio.run(_app_pairs(seconds / 4))
    _dict_pairs(seconds / 4)
    app: list[float] = []
    floor: list[float] = []
    for _ in range(repetitions):
        app.append(asyncio.run(_app_pairs(seconds)))
        floor.append(_dict_pairs(seconds))
    return {"app": app, "dicts": floor}


def run(context: BenchContext) -> ScenarioResult:
    seconds = context.seconds(2.0)
    command = [sys.executable, "-m", "benchmarks.scenarios.core_embedded"]
    command += [str(seconds), str(context.repetitions)]
    with running_on(context.layout.app):
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            command, check=True, capture_output=True, text=True, timeout=120
        )
    figures: dict[str, list[float]] = json.loads(done.stdout)
    for app, floor in zip(figures["app"], figures["dicts"], strict=True):
        context.say(f"Application {app:,.0f} pairs/s, dicts {floor:,.0f} pairs/s")
    check = Check(
        NAME,
        median(figures["app"]),
        "pairs/s",
        Target(">=", 0.2),
        baseline=median(figures["dicts"]),
    )
    details = {
        "batch": _BATCH,
        "app_pairs_per_s": [round(value) for value in figures["app"]],
        "dict_pairs_per_s": [round(value) for value in figures["dicts"]],
    }
    return ScenarioResult(NAME, (check,), details)


if __name__ == "__main__":
    result = _measure(float(sys.argv[1]), int(sys.argv[2]))
    sys.stdout.write(json.dumps(result) + "\n")
