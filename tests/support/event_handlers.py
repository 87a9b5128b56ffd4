"""An event handler for the consumer tests: each event it handles leaves one effect, a todo
titled after the event, written through the unit of work like any real handler's effect.

It can be told to fail: permanently (an event whose data has `"title": "poison"`), or
transiently a given number of times for given events (the database "unavailable").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid4

from todo_core.domain import Notes, Title, Todo, TodoId, UserId
from todo_core.domain.event_catalogue import published_event_types
from todo_core.errors import StorageUnavailable, UnprocessableEvent
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.todo_query import TodoQuery
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases.process_event import ProcessEvent

__all__ = [
    "EffectRecorder",
    "count_effects",
    "effect_titles",
    "inbound_event",
    "process_with",
]

POISON = "poison"
_WHEN = datetime(2026, 11, 26, tzinfo=UTC)


def inbound_event(event_type: str = "todo.todo.created.v1", **data: object) -> InboundEvent:
    """An event as a consumer receives it, titled "buy milk" unless `data` says otherwise."""
    return InboundEvent(
        id=uuid4(),
        type=event_type,
        source="/todo",
        subject=str(uuid4()),
        time=_WHEN,
        data={"title": "buy milk", **data},
    )


@dataclass
class _FixedClock:
    def now(self) -> datetime:
        return _WHEN


@dataclass(eq=False)
class EffectRecorder(EventHandler):
    consumer_name: str = field(default_factory=lambda: f"recorder-{uuid4().hex[:8]}")
    # Whose todos the effects are, so each test counts only its own.
    owner: UserId = field(default_factory=lambda: UserId(uuid4()))
    types: frozenset[str] = frozenset({"todo.todo.created.v1", "todo.todo.updated.v1"})
    # Event id -> how many more times handling it fails with StorageUnavailable.
    transient_failures: dict[UUID, int] = field(default_factory=dict)
    # Data with this title is refused as unprocessable; None refuses nothing.
    poison_title: str | None = POISON
    # Every call, failed or not, in order.
    calls: list[UUID] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.consumer_name

    def handles(self, event_type: str) -> bool:
        return event_type in self.types

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        self.calls.append(event.id)
        if self.transient_failures.get(event.id, 0) > 0:
            self.transient_failures[event.id] -= 1
            raise StorageUnavailable("the database is unavailable (test)")
        if self.poison_title is not None and event.data.get("title") == self.poison_title:
            raise UnprocessableEvent("the handler refuses this event (test)")
        todo = Todo.create(
            todo_id=TodoId(uuid4()),
            owner_id=self.owner,
            title=Title(f"effect of {event.id}"),
            notes=Notes(),
            now=_WHEN,
        )
        await uow.todos.add(todo)


def process_with(
    handler: EventHandler,
    uow: Callable[[], UnitOfWork],
    *,
    known_types: Iterable[str] | None = None,
    kind: type[ProcessEvent] = ProcessEvent,
) -> ProcessEvent:
    return kind(
        handler=handler,
        uow=uow,
        clock=_FixedClock(),
        known_types=published_event_types() if known_types is None else frozenset(known_types),
    )


async def effect_titles(uow: Callable[[], UnitOfWork], owner: UserId) -> list[str]:
    async with uow() as unit:
        todos = await unit.todos.query(TodoQuery(owner_id=owner, limit=1000))
    return sorted(todo.title.value for todo in todos)


async def count_effects(uow: Callable[[], UnitOfWork], owner: UserId) -> int:
    return len(await effect_titles(uow, owner))
