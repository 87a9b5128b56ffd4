from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from uuid import uuid4

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fake_password_hasher import FakePasswordHasher
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE
from todo_core import Application, Ports, TransientConflict
from todo_core.domain import TodoId
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases import (
    AuthenticateUserCommand,
    CreateListCommand,
    CreateTodo,
    CreateTodoCommand,
    GetTodo,
    GetTodoQuery,
    ListTodos,
    ListTodosQuery,
    RegisterUserCommand,
    Retrying,
)

# The use cases that only read: they commit nothing, so they have no race to lose.
READS = frozenset(
    {
        "get_profile",
        "get_list",
        "list_lists",
        "get_label",
        "list_labels",
        "get_todo",
        "list_todos",
        "next_reminder",
        "next_digest",
    }
)


def test_the_facade_offers_every_use_case(app: Application) -> None:
    assert isinstance(app.create_todo, Retrying)
    assert isinstance(app.create_todo.use_case, CreateTodo)
    assert isinstance(app.get_todo, GetTodo)
    assert isinstance(app.list_todos, ListTodos)


def test_every_use_case_that_writes_is_retried_and_no_read_is(app: Application) -> None:
    use_cases = vars(app)
    assert use_cases.keys() >= READS
    for name, use_case in use_cases.items():
        assert isinstance(use_case, Retrying) is (name not in READS), name


async def test_concurrent_use_case_calls_do_not_share_a_unit_of_work(app: Application) -> None:
    await asyncio.gather(
        *(app.create_todo(CreateTodoCommand(actor=ALICE, title=f"t{n}")) for n in range(20))
    )
    page = await app.list_todos(ListTodosQuery(actor=ALICE, limit=50))
    assert len(page.items) == 20


class LosingUnitOfWork(InMemoryUnitOfWork):
    """Loses its commit the way a database reports a serialization failure."""

    async def commit(self) -> None:
        raise TransientConflict("could not serialize access")


@dataclass
class LoseFirstCommits:
    """A unit-of-work factory whose first `losses` units lose their commit."""

    store: InMemoryStore
    losses: int
    made: int = 0
    units: list[UnitOfWork] = field(default_factory=list)

    def __call__(self) -> UnitOfWork:
        self.made += 1
        lose = self.made <= self.losses
        unit = LosingUnitOfWork(self.store) if lose else InMemoryUnitOfWork(self.store)
        self.units.append(unit)
        return unit


def facade(units: LoseFirstCommits) -> Application:
    return Application(Ports(uow=units, clock=FixedClock(), ids=SequentialIds()))


async def test_a_write_that_loses_a_race_once_succeeds_on_the_retry() -> None:
    units = LoseFirstCommits(InMemoryStore(), losses=1)
    app = facade(units)

    created = await app.create_list(CreateListCommand(actor=ALICE, name="Work"))

    assert units.made == 2
    assert [stored.id for stored in units.store.lists.rows.values()] == [created.id]


async def test_a_write_that_keeps_losing_gives_up_with_the_conflict() -> None:
    units = LoseFirstCommits(InMemoryStore(), losses=10)

    with pytest.raises(TransientConflict):
        await facade(units).create_list(CreateListCommand(actor=ALICE, name="Work"))

    assert units.made == 3
    assert units.store.lists.rows == {}


async def test_reads_are_not_retried() -> None:
    class LosingRead(InMemoryUnitOfWork):
        async def __aenter__(self) -> LosingRead:
            raise TransientConflict("could not serialize access")

    made: list[UnitOfWork] = []

    def units() -> UnitOfWork:
        made.append(LosingRead(InMemoryStore()))
        return made[-1]

    app = Application(Ports(uow=units, clock=FixedClock(), ids=SequentialIds()))
    with pytest.raises(TransientConflict):
        await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=TodoId(uuid4())))

    assert len(made) == 1


# Only ever hashed by the fake hasher.
PHRASE = "long enough"


async def test_sessions_without_a_token_service_fail_clearly_and_store_nothing(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    app = Application(
        Ports(
            uow=lambda: InMemoryUnitOfWork(store),
            clock=clock,
            ids=ids,
            passwords=FakePasswordHasher(),
        )
    )
    await app.register_user(RegisterUserCommand(email="ann@example.org", password=PHRASE))

    with pytest.raises(RuntimeError, match="without a TokenService"):
        await app.issue_session(AuthenticateUserCommand(email="ann@example.org", password=PHRASE))
    assert store.refresh_tokens.rows == {}
