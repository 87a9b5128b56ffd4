"""Property: paging through any listing returns each matching todo once, in one stable order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE
from tests.unit.use_cases.todo_support import build_app
from todo_core import Application
from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.ids import TodoId
from todo_core.domain.priority import Priority
from todo_core.domain.time_zone import TimeZoneName
from todo_core.ports.todo_query import TodoSort
from todo_core.use_cases import MAX_PAGE_SIZE, CreateTodoCommand, ListTodosQuery, TodoView
from todo_core.use_cases.patch_todo import PatchTodoCommand

ZONES = (TimeZoneName("UTC"), TimeZoneName("Europe/Berlin"))


@dataclass(frozen=True)
class Spec:
    priority: Priority
    due: Due | None
    position: int | None
    # Whether time passes before it is made (otherwise it ties on created_at).
    later: bool


# Few distinct values, so that ties on every sort key are common.
dues = st.one_of(
    st.none(),
    st.builds(lambda d: DueDate(date(2026, 4, 1) + timedelta(days=d)), st.integers(0, 2)),
    st.builds(
        lambda d, h, zone: DueDateTime(datetime(2026, 4, 1 + d, h, tzinfo=UTC), zone),
        st.integers(0, 2),
        st.sampled_from((0, 12, 22)),
        st.sampled_from(ZONES),
    ),
)
specs = st.builds(
    Spec,
    priority=st.sampled_from(Priority),
    due=dues,
    position=st.one_of(st.none(), st.integers(0, 3)),
    later=st.booleans(),
)


async def _make(app: Application, clock: FixedClock, spec: Spec) -> TodoView:
    if spec.later:
        clock.advance(timedelta(seconds=1))
    view = await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="t", priority=spec.priority, due=spec.due)
    )
    if spec.position is None:
        return view
    return await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=view.id, position=spec.position)
    )


def _deadline(due: Due) -> datetime:
    # Alice has no account, so her whole-day dues end at midnight UTC.
    if isinstance(due, DueDate):
        return datetime.combine(due.on + timedelta(days=1), time(0), tzinfo=UTC)
    return due.at


def _model_order(views: list[TodoView], sort: TodoSort, *, descending: bool) -> list[TodoId]:
    """The documented order: by (value, id) in the query's direction; no due comes last."""

    def value(view: TodoView) -> Any:
        if sort is TodoSort.CREATED:
            return view.created_at
        if sort is TodoSort.PRIORITY:
            return view.priority.rank
        if sort is TodoSort.POSITION:
            return view.position
        assert view.due is not None
        return _deadline(view.due)

    with_value = [v for v in views if sort is not TodoSort.DUE or v.due is not None]
    without = [v for v in views if sort is TodoSort.DUE and v.due is None]
    ordered = sorted(with_value, key=lambda v: (value(v), v.id), reverse=descending)
    ordered += sorted(without, key=lambda v: v.id, reverse=descending)
    return [view.id for view in ordered]


@settings(max_examples=25, deadline=None)
@given(
    sort=st.sampled_from(TodoSort),
    descending=st.booleans(),
    limit=st.integers(1, 4),
    priority_min=st.one_of(st.none(), st.sampled_from(Priority)),
    existing=st.lists(specs, max_size=12),
    arriving=st.lists(st.lists(specs, max_size=2), max_size=4),
)
async def test_paging_returns_every_matching_todo_once_in_the_order_of_one_big_page(
    *,
    sort: TodoSort,
    descending: bool,
    limit: int,
    priority_min: Priority | None,
    existing: list[Spec],
    arriving: list[list[Spec]],
) -> None:
    store, clock = InMemoryStore(), FixedClock()
    app = build_app(store, clock, SequentialIds())
    views = [await _make(app, clock, spec) for spec in existing]

    def query(**more: Any) -> ListTodosQuery:
        return ListTodosQuery(
            actor=ALICE, sort=sort, descending=descending, priority_min=priority_min, **more
        )

    one_page = await app.list_todos(query(limit=MAX_PAGE_SIZE))
    expected = [view.id for view in one_page.items]
    matching = [v for v in views if priority_min is None or v.priority.rank >= priority_min.rank]
    assert expected == _model_order(matching, sort, descending=descending)

    seen: list[TodoId] = []
    cursor: str | None = None
    for page_number in range(len(existing) + sum(map(len, arriving)) + 1):
        page = await app.list_todos(query(limit=limit, cursor=cursor))
        assert len(page.items) <= limit
        seen += [view.id for view in page.items]
        if page.next_cursor is None:
            break
        assert len(page.items) == limit
        cursor = page.next_cursor
        # Others keep adding todos while the client pages.
        for spec in arriving[page_number] if page_number < len(arriving) else []:
            await _make(app, clock, spec)
    else:
        raise AssertionError("paging did not end")

    assert len(seen) == len(set(seen)), "a todo was listed twice"
    old = set(expected)
    assert [todo_id for todo_id in seen if todo_id in old] == expected
