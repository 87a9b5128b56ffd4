"""The common todo listings, as the repository sends them, are index-ordered range scans on
PostgreSQL with realistic volume: 100 000 todos of 1 000 owners (see `tests.support.bulk_todos`).

Each test EXPLAINs the statement `build_query_statement` makes (what `query` runs) with values a
client would send, and asserts that the plan reads the index made for it and never sorts, so that
a page costs about the same for an owner with thousands of todos as for one with fifty, however
deep into the listing the cursor points. Text search is the exception, explained at its case.
ADR 0006 has the reasoning behind each index.

They ask about the busiest owner (a few thousand todos). For an owner with a few dozen, reading
all of them and sorting is cheaper, and the planner rightly does that: not what this guards.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import ClauseElement, Executable, Select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.sqlalchemy.todo_repository import build_query_statement
from adapters.system import Uuid7IdGenerator
from entrypoints.migrate import upgrade
from tests.support.bulk_todos import TodoPopulation, load_todos
from todo_core.domain.ids import LabelId, ListId, UserId
from todo_core.domain.todo import TodoStatus
from todo_core.ports.todo_query import TodoQuery, TodoSort, sort_key

PAGE = 51  # The use case's default page, plus the row that tells whether another page exists.
_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}
_SORTS = {"Sort", "Incremental Sort"}


class _Explain(Executable, ClauseElement):
    """`EXPLAIN (FORMAT JSON) <statement>`, with the statement's parameters bound as usual."""

    inherit_cache = False

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement


@compiles(_Explain, "postgresql")
def _compile_explain(element: _Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


@dataclass(frozen=True)
class Case:
    build: Callable[[TodoPopulation, UserId], TodoQuery]
    index: str | set[str]
    # Also ask for the page after the first, with the first page's last row as the cursor.
    second_page: bool = False
    # Why a sort over the rows the index found is expected, if it is.
    sorts_because: str | None = None


CASES = {
    "open, newest first": Case(
        lambda _, owner: TodoQuery(owner_id=owner, limit=PAGE, status=TodoStatus.OPEN),
        index="ix_todos_live_owner_id_created_at_id",
        second_page=True,
    ),
    "due, soonest first": Case(
        lambda _, owner: TodoQuery(owner_id=owner, limit=PAGE, sort=TodoSort.DUE, descending=False),
        index="ix_todos_live_owner_id_due_order_id",
        second_page=True,
    ),
    "one list by position": Case(
        lambda population, owner: TodoQuery(
            owner_id=owner,
            limit=PAGE,
            list_id=ListId(population.lists[owner][0]),
            sort=TodoSort.POSITION,
            descending=False,
        ),
        index="ix_todos_owner_id_list_id_position_id",
    ),
    "overdue, soonest first": Case(
        lambda population, owner: TodoQuery(
            owner_id=owner,
            limit=PAGE,
            overdue_at=population.now,
            sort=TodoSort.DUE,
            descending=False,
        ),
        index="ix_todos_live_owner_id_due_order_id",
    ),
    "trash, newest first": Case(
        lambda _, owner: TodoQuery(owner_id=owner, limit=PAGE, trashed=True),
        index="ix_todos_trash_owner_id_created_at_id",
    ),
    # Driven from `todo_labels`, whose index holds the owner's todos with the label in creation
    # order; each one found is then fetched from `todos` by its primary key.
    "one label, newest first": Case(
        lambda population, owner: TodoQuery(
            owner_id=owner, limit=PAGE, label_id=LabelId(population.labels[owner][0])
        ),
        index="ix_todo_labels_owner_id_label_id_live_created_at_todo_id",
        second_page=True,
    ),
    "text search, newest first": Case(
        lambda population, owner: TodoQuery(
            owner_id=owner, limit=PAGE, text=population.search_word
        ),
        index={"ix_todos_title_trgm", "ix_todos_notes_trgm"},
        sorts_because=(
            "the trigram indexes find the matches in no particular order; there are few, and "
            "finding them in creation order would mean testing every todo's text"
        ),
    ),
}


@pytest.fixture(scope="module")
def loaded(postgres_database: Callable[[], str]) -> tuple[str, TodoPopulation]:
    """A database of its own, filled and ANALYZEd once for the module."""
    url = postgres_database()
    upgrade(url)
    return url, asyncio.run(load_todos(url, total=100_000, owners=1_000))


@pytest.fixture
async def loaded_engine(loaded: tuple[str, TodoPopulation]) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(loaded[0])
    yield engine
    await engine.dispose()


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _shown(node: dict[str, Any], depth: int = 0) -> str:
    """The plan as `EXPLAIN` prints it, in short: for the assertion messages."""
    line = "  " * depth + node["Node Type"]
    for detail in ("Index Name", "Index Cond", "Filter", "Sort Key"):
        if detail in node:
            line += f" {detail.lower()}={node[detail]}"
    return "\n".join([line, *(_shown(child, depth + 1) for child in node.get("Plans", ()))])


async def _plan(engine: AsyncEngine, query: TodoQuery) -> dict[str, Any]:
    statement = build_query_statement(query, engine.dialect.name)
    async with engine.connect() as connection:
        found = (await connection.execute(_Explain(statement))).scalar_one()
    plans = json.loads(found) if isinstance(found, str) else found
    plan: dict[str, Any] = plans[0]["Plan"]
    return plan


async def _second_page(engine: AsyncEngine, query: TodoQuery) -> TodoQuery:
    async with SqlAlchemyUnitOfWork(engine, ids=Uuid7IdGenerator()) as uow:
        first = await uow.todos.query(query)
    assert len(first) == query.limit, "the owner should have more than one page"
    return replace(query, after=sort_key(first[-1], query.sort))


@pytest.mark.parametrize("name", CASES)
async def test_a_common_listing_reads_its_index_in_order(
    loaded_engine: AsyncEngine, loaded: tuple[str, TodoPopulation], name: str
) -> None:
    population = loaded[1]
    case = CASES[name]
    query = case.build(population, UserId(population.busiest_owner))
    pages = [query]
    if case.second_page:
        pages.append(await _second_page(loaded_engine, query))

    for page in pages:
        plan = await _plan(loaded_engine, page)
        shown = _shown(plan)
        nodes = list(_nodes(plan))
        indexes = {node["Index Name"] for node in nodes if node["Node Type"] in _SCANS}
        expected = {case.index} if isinstance(case.index, str) else case.index
        assert expected <= indexes, f"{name}: expected {expected} in\n{shown}"
        assert not any(node["Node Type"] == "Seq Scan" for node in nodes), shown
        if case.sorts_because is None:
            assert not any(node["Node Type"] in _SORTS for node in nodes), f"{name}:\n{shown}"
        if page.after is not None:
            # The cursor bounds the index range itself, rather than filtering the rows before it.
            conditions = " ".join(node.get("Index Cond", "") for node in nodes)
            assert "ROW(" in conditions, f"{name}, second page:\n{shown}"
