"""The todo repository contract: the same test bodies against the in-memory reference, SQLite and
PostgreSQL, so every backend returns the same todos in the same order for every query.

Todos are made and changed only through the aggregate (`Todo.create`, `edit`, `complete`, ...),
as the use cases do. Each test has an owner of its own on a shared, migrated database; the two
scans across all owners get a database of their own.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from adapters.system import Uuid7IdGenerator
from entrypoints.migrate import upgrade
from tests.support.databases import DATABASE_KINDS
from tests.support.one_writer import skip_overlapping_units_on_sqlite
from todo_core import PreconditionFailed
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.ids import LabelId, ListId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence, RecurrenceMode
from todo_core.domain.reminder import AbsoluteReminder, RelativeReminder, ReminderStatus
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo, TodoStatus
from todo_core.ports.todo_query import SortKey, TodoQuery, TodoSort, sort_key
from todo_core.ports.unit_of_work import UnitOfWork

IDS = Uuid7IdGenerator()
BACKENDS = ("memory", *DATABASE_KINDS)
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
BERLIN = TimeZoneName("Europe/Berlin")
AUCKLAND = TimeZoneName("Pacific/Auckland")
# Fixed per run: owners differ per test, so lists and labels need not.
LIST_A, LIST_B = ListId(uuid4()), ListId(uuid4())
WORK, HOME = LabelId(uuid4()), LabelId(uuid4())
# The parent of a subtask in every owner's population (which owner's, the filter must know).
PARENT = TodoId(uuid4())


# -- backends ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    kind: str
    new_uow: Callable[[], UnitOfWork]

    async def store(self, *todos: Todo) -> None:
        async with self.new_uow() as uow:
            for todo in todos:
                await uow.todos.add(todo)
            await uow.commit()

    async def get(self, owner: UserId, todo_id: TodoId) -> Todo | None:
        async with self.new_uow() as uow:
            return await uow.todos.get(owner, todo_id)

    async def query(self, owner: UserId, **fields: Any) -> list[Todo]:
        fields.setdefault("limit", 100)
        async with self.new_uow() as uow:
            return list(await uow.todos.query(TodoQuery(owner_id=owner, **fields)))


@pytest.fixture(scope="session")
def migrated_database(empty_database: Callable[[str], str]) -> Callable[[str], str]:
    """One migrated database of each kind for this module, made when first asked for."""
    urls: dict[str, str] = {}

    def get(kind: str) -> str:
        if kind not in urls:
            urls[kind] = empty_database(kind)
            upgrade(urls[kind])
        return urls[kind]

    return get


# Sync fixtures, because creating and migrating a database runs an event loop of its own.
@pytest.fixture(params=BACKENDS)
def backend_url(
    request: pytest.FixtureRequest, migrated_database: Callable[[str], str]
) -> str | None:
    return None if request.param == "memory" else migrated_database(request.param)


@pytest.fixture(params=BACKENDS)
def isolated_backend_url(
    request: pytest.FixtureRequest, empty_database: Callable[[str], str]
) -> str | None:
    if request.param == "memory":
        return None
    url = empty_database(request.param)
    upgrade(url)
    return url


@asynccontextmanager
async def _open(url: str | None) -> AsyncIterator[Backend]:
    if url is None:
        store = InMemoryStore()
        yield Backend("memory", lambda: InMemoryUnitOfWork(store))
        return
    engine = create_engine(url)
    try:
        yield Backend(engine.dialect.name, lambda: SqlAlchemyUnitOfWork(engine, ids=IDS))
    finally:
        await engine.dispose()


@pytest.fixture
async def backend(backend_url: str | None) -> AsyncIterator[Backend]:
    async with _open(backend_url) as opened:
        yield opened


@pytest.fixture
async def isolated_backend(isolated_backend_url: str | None) -> AsyncIterator[Backend]:
    """A backend holding no other test's todos, for the scans across every owner."""
    async with _open(isolated_backend_url) as opened:
        yield opened


# -- builders ---------------------------------------------------------------------------------


def _owner() -> UserId:
    return UserId(uuid4())


def _reminder_id() -> ReminderId:
    return ReminderId(IDS.new_id())


def _todo(
    owner: UserId,
    title: str,
    *,
    todo_id: UUID | None = None,
    notes: str = "",
    now: datetime = NOW,
    **fields: Any,
) -> Todo:
    todo = Todo.create(
        todo_id=TodoId(todo_id or IDS.new_id()),
        owner_id=owner,
        title=Title(title),
        notes=Notes(notes),
        now=now,
        new_reminder_id=_reminder_id,
        **fields,
    )
    todo.pull_events()
    return todo


def _ascending_ids(count: int) -> list[UUID]:
    # Random ids put in order: ties must be broken by id, not by insertion or creation order.
    return sorted(uuid4() for _ in range(count))


def _fields(todo: Todo | None) -> dict[str, Any]:
    """Every field the constructor takes: what must survive a round trip unchanged."""
    assert todo is not None
    return {
        field.name: getattr(todo, field.name) for field in dataclasses.fields(todo) if field.init
    }


def _titles(todos: Iterable[Todo]) -> list[str]:
    return [todo.title.value for todo in todos]


def _berlin(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ZoneInfo("Europe/Berlin"))


# -- round trips ------------------------------------------------------------------------------


async def test_a_todo_with_every_field_set_reads_back_equal(backend: Backend) -> None:
    owner = _owner()
    due = DueDateTime(_berlin(4, 1, 15), BERLIN)
    parent = _todo(owner, "parent")
    todo = _todo(
        owner,
        "every field ✓",
        notes="line one\nline two",
        list_id=LIST_A,
        parent_id=parent.id,
        priority=Priority.HIGH,
        due=due,
        labels=[WORK, HOME],
        reminders=[
            AbsoluteReminder(NOW + timedelta(minutes=30, microseconds=7)),
            RelativeReminder(timedelta(days=1, seconds=5)),
            # Already past when set: stored as cancelled.
            AbsoluteReminder(NOW - timedelta(hours=1)),
        ],
        recurrence=Recurrence(
            rule="FREQ=WEEKLY;BYDAY=WE",
            mode=RecurrenceMode.COMPLETION,
            series_start=due.wall_time(),
            completed_occurrences=3,
        ),
        position=7,
        owner_zone=AUCKLAND,
    )
    todo.fire_reminders(NOW + timedelta(hours=1), owner_email=None)
    todo.complete(now=NOW + timedelta(hours=2))
    todo.trash(NOW + timedelta(hours=3, microseconds=123456))
    await backend.store(parent, todo)

    read = await backend.get(owner, todo.id)
    (listed,) = await backend.query(owner, trashed=True, list_id=LIST_A)

    assert _fields(read) == _fields(todo)
    assert _fields(listed) == _fields(todo)
    assert read is not None
    assert [r.status for r in read.reminders] == [
        ReminderStatus.FIRED,
        ReminderStatus.CANCELLED,
        ReminderStatus.CANCELLED,
    ]
    # The due keeps the zone it was set in, so its text (in events) keeps the local offset.
    assert isinstance(read.due, DueDateTime)
    assert read.due.at.isoformat() == due.at.isoformat()
    for instant in (read.created_at, read.completed_at, read.deleted_at, read.due_deadline):
        assert instant is not None
        assert instant.tzinfo is not None


async def test_an_open_todo_due_on_a_day_with_pending_reminders_reads_back_equal(
    backend: Backend,
) -> None:
    owner = _owner()
    todo = _todo(
        owner,
        "due on a day",
        due=DueDate(date(2026, 4, 2)),
        reminders=[RelativeReminder(timedelta(hours=2)), AbsoluteReminder(LATER)],
        owner_zone=AUCKLAND,
    )
    bare = _todo(owner, "nothing set")
    await backend.store(todo, bare)

    assert _fields(await backend.get(owner, todo.id)) == _fields(todo)
    assert _fields(await backend.get(owner, bare.id)) == _fields(bare)
    # Midnight after the day, in the owner's zone.
    assert todo.due_deadline == datetime(2026, 4, 2, 11, tzinfo=UTC)


async def test_changes_persist_on_commit_including_cleared_fields(backend: Backend) -> None:
    owner = _owner()
    todo = _todo(owner, "before", due=DueDate(date(2026, 4, 1)), labels=[WORK])
    await backend.store(todo)

    async with backend.new_uow() as uow:
        changed = await uow.todos.get(owner, todo.id)
        assert changed is not None
        changed.edit(
            now=LATER,
            owner_zone=BERLIN,
            title=Title("after"),
            notes=Notes("more"),
            priority=Priority.URGENT,
            due=DueDateTime(_berlin(4, 3, 9), BERLIN),
            labels=[HOME],
            reminders=[RelativeReminder(timedelta(hours=1))],
            recurrence=Recurrence(
                rule="FREQ=DAILY",
                mode=RecurrenceMode.DUE,
                # A naive wall-clock time, as the recurrence port hands them out.
                series_start=datetime(2026, 4, 3, 9),  # noqa: DTZ001
            ),
            new_reminder_id=_reminder_id,
        )
        changed.move(list_id=LIST_B, position=3, now=LATER)
        await uow.commit()
    assert _fields(await backend.get(owner, todo.id)) == _fields(changed)

    async with backend.new_uow() as uow:
        cleared = await uow.todos.get(owner, todo.id)
        assert cleared is not None
        cleared.edit(now=LATER, due=None, labels=[], reminders=[], recurrence=None)
        await uow.commit()
    read = await backend.get(owner, todo.id)
    assert _fields(read) == _fields(cleared)
    assert read is not None
    assert (read.due, read.recurrence, read.labels, read.reminders) == (None, None, frozenset(), ())
    assert read.version == 4


async def test_a_units_own_changes_are_visible_to_its_queries(backend: Backend) -> None:
    owner = _owner()
    kept, trashed = _todo(owner, "kept"), _todo(owner, "trashed")
    await backend.store(kept, trashed)

    async with backend.new_uow() as uow:
        loaded = await uow.todos.get(owner, trashed.id)
        assert loaded is not None
        loaded.trash(LATER)
        added = _todo(owner, "added")
        await uow.todos.add(added)
        live = await uow.todos.query(TodoQuery(owner_id=owner, limit=10))
        in_trash = await uow.todos.query(TodoQuery(owner_id=owner, limit=10, trashed=True))
        # One object per todo and unit: the query hands out the very object that was changed.
        assert in_trash[0] is loaded

    assert sorted(_titles(live)) == ["added", "kept"]
    assert _titles(in_trash) == ["trashed"]
    # Nothing was committed.
    assert sorted(_titles(await backend.query(owner))) == ["kept", "trashed"]


# -- filters ----------------------------------------------------------------------------------

OVERDUE_AT = datetime(2026, 3, 19, 12, tzinfo=UTC)


def _filter_population(owner: UserId) -> list[Todo]:
    alpha = _todo(
        owner,
        "Buy 100% organic milk",
        list_id=LIST_A,
        labels=[WORK],
        priority=Priority.LOW,
        due=DueDate(date(2026, 4, 1)),
    )
    bravo = _todo(
        owner,
        "bravo",
        notes="call the VET",
        list_id=LIST_A,
        labels=[WORK, HOME],
        priority=Priority.URGENT,
        due=DueDateTime(datetime(2026, 3, 25, 10, tzinfo=UTC), UTC_ZONE),
    )
    charlie = _todo(
        owner,
        "charlie",
        list_id=LIST_B,
        labels=[HOME],
        priority=Priority.HIGH,
        due=DueDateTime(datetime(2026, 3, 15, tzinfo=UTC), UTC_ZONE),
    )
    charlie.complete(now=LATER)
    delta = _todo(owner, "under_score and a/slash", notes="C:\\temp", parent_id=PARENT)
    echo = _todo(
        owner,
        "echo",
        list_id=LIST_A,
        labels=[WORK],
        priority=Priority.MEDIUM,
        due=DueDateTime(datetime(2026, 3, 18, 9, tzinfo=UTC), UTC_ZONE),
    )
    echo.trash(LATER)
    foxtrot = _todo(
        owner,
        "foxtrot",
        notes="Milk run",
        list_id=LIST_B,
        priority=Priority.HIGH,
        # Exactly at OVERDUE_AT: overdue from that instant on.
        due=DueDateTime(_berlin(3, 19, 13), BERLIN),
    )
    return [alpha, bravo, charlie, delta, echo, foxtrot]


FILTER_CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "live",
        {},
        {"Buy 100% organic milk", "bravo", "charlie", "under_score and a/slash", "foxtrot"},
    ),
    ("trash", {"trashed": True}, {"echo"}),
    (
        "open",
        {"status": TodoStatus.OPEN},
        {"Buy 100% organic milk", "bravo", "under_score and a/slash", "foxtrot"},
    ),
    ("done", {"status": TodoStatus.DONE}, {"charlie"}),
    ("list", {"list_id": LIST_A}, {"Buy 100% organic milk", "bravo"}),
    ("list in trash", {"list_id": LIST_A, "trashed": True}, {"echo"}),
    ("label work", {"label_id": WORK}, {"Buy 100% organic milk", "bravo"}),
    ("label home", {"label_id": HOME}, {"bravo", "charlie"}),
    ("unknown label", {"label_id": LabelId(uuid4())}, set()),
    ("parent", {"parent_id": PARENT}, {"under_score and a/slash"}),
    ("unknown parent", {"parent_id": TodoId(uuid4())}, set()),
    ("priority high+", {"priority_min": Priority.HIGH}, {"bravo", "charlie", "foxtrot"}),
    ("priority urgent", {"priority_min": Priority.URGENT}, {"bravo"}),
    (
        "priority none+",
        {"priority_min": Priority.NONE},
        {"Buy 100% organic milk", "bravo", "charlie", "under_score and a/slash", "foxtrot"},
    ),
    (
        "due before is strict",
        {"due_before": datetime(2026, 3, 25, 10, tzinfo=UTC)},
        {"charlie", "foxtrot"},
    ),
    (
        "due after is inclusive",
        {"due_after": datetime(2026, 3, 25, 10, tzinfo=UTC)},
        {"bravo", "Buy 100% organic milk"},
    ),
    # A whole day is due until the next midnight in the owner's zone (UTC here).
    (
        "due day deadline",
        {"due_after": datetime(2026, 4, 2, tzinfo=UTC)},
        {"Buy 100% organic milk"},
    ),
    (
        "due day before its end",
        {
            "due_before": datetime(2026, 4, 2, tzinfo=UTC),
            "due_after": datetime(2026, 3, 26, tzinfo=UTC),
        },
        set(),
    ),
    (
        "due window",
        {
            "due_after": datetime(2026, 3, 16, tzinfo=UTC),
            "due_before": datetime(2026, 3, 26, tzinfo=UTC),
        },
        {"bravo", "foxtrot"},
    ),
    ("overdue", {"overdue_at": OVERDUE_AT}, {"foxtrot"}),
    ("overdue just before", {"overdue_at": OVERDUE_AT - timedelta(microseconds=1)}, set()),
    ("overdue never in trash", {"overdue_at": OVERDUE_AT, "trashed": True}, set()),
    ("text in title, any case", {"text": "MILK"}, {"Buy 100% organic milk", "foxtrot"}),
    ("text in notes", {"text": "vet"}, {"bravo"}),
    ("text percent is literal", {"text": "100%"}, {"Buy 100% organic milk"}),
    ("text lone percent", {"text": "%"}, {"Buy 100% organic milk"}),
    ("text underscore is literal", {"text": "_"}, {"under_score and a/slash"}),
    ("text slash", {"text": "a/s"}, {"under_score and a/slash"}),
    ("text backslash", {"text": ":\\t"}, {"under_score and a/slash"}),
    ("text no match", {"text": "zzz"}, set()),
    ("text in trash", {"text": "ECH", "trashed": True}, {"echo"}),
    (
        "everything at once",
        {
            "status": TodoStatus.OPEN,
            "label_id": WORK,
            "priority_min": Priority.LOW,
            "text": "milk",
            "list_id": LIST_A,
        },
        {"Buy 100% organic milk"},
    ),
]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [pytest.param(fields, expected, id=name) for name, fields, expected in FILTER_CASES],
)
async def test_every_filter_selects_the_same_todos(
    backend: Backend, fields: dict[str, Any], expected: set[str]
) -> None:
    owner = _owner()
    await backend.store(*_filter_population(owner))
    # Another owner's todos match every filter too, and must never show.
    await backend.store(*_filter_population(_owner()))

    assert sorted(_titles(await backend.query(owner, **fields))) == sorted(expected)


# -- sorting and pages ------------------------------------------------------------------------


def _ladder(owner: UserId, **fields: Any) -> list[Todo]:
    """Todos a..f, ids ascending in that order, with ties in every sort key; `fields` (such as
    labels) go to every one of them."""
    a, b, c, d, e, f = _ascending_ids(6)
    t0, t1, t2 = NOW, NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)
    # The same deadline twice, once as a whole day and once as an instant in another zone.
    day = DueDate(date(2026, 4, 1))
    same_instant = DueDateTime(_berlin(4, 2, 2), BERLIN)
    return [
        _todo(owner, "a", todo_id=a, now=t1, priority=Priority.HIGH, position=2, **fields),
        _todo(
            owner,
            "b",
            todo_id=b,
            now=t0,
            due=DueDateTime(datetime(2026, 4, 3, tzinfo=UTC), UTC_ZONE),
            position=1,
            **fields,
        ),
        _todo(
            owner, "c", todo_id=c, now=t1, due=day, priority=Priority.URGENT, position=2, **fields
        ),
        _todo(owner, "d", todo_id=d, now=t2, priority=Priority.HIGH, position=0, **fields),
        _todo(owner, "e", todo_id=e, now=t0, due=same_instant, position=1, **fields),
        _todo(
            owner,
            "f",
            todo_id=f,
            now=t2,
            due=DueDateTime(datetime(2026, 4, 9, tzinfo=UTC), UTC_ZONE),
            priority=Priority.LOW,
            position=2,
            **fields,
        ),
    ]


SORT_CASES = [
    (TodoSort.CREATED, False, "beacdf"),
    (TodoSort.CREATED, True, "fdcaeb"),
    # Todos without a due come last in both directions.
    (TodoSort.DUE, False, "cebfad"),
    (TodoSort.DUE, True, "fbecda"),
    (TodoSort.PRIORITY, False, "befadc"),
    (TodoSort.PRIORITY, True, "cdafeb"),
    (TodoSort.POSITION, False, "dbeacf"),
    (TodoSort.POSITION, True, "fcaebd"),
]


def _sort_id(sort: TodoSort, descending: bool) -> str:
    return f"{sort.value}-{'desc' if descending else 'asc'}"


SORTS = [
    pytest.param(sort, descending, id=_sort_id(sort, descending))
    for sort, descending, _ in SORT_CASES
]


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        pytest.param(sort, descending, expected, id=_sort_id(sort, descending))
        for sort, descending, expected in SORT_CASES
    ],
)
async def test_every_sort_orders_ties_by_id_in_the_query_direction(
    backend: Backend, sort: TodoSort, descending: bool, expected: str
) -> None:
    owner = _owner()
    # Stored in reverse, so neither insertion order nor creation order can pass for id order.
    await backend.store(*reversed(_ladder(owner)))

    found = await backend.query(owner, sort=sort, descending=descending)

    assert "".join(_titles(found)) == expected


async def _all_pages(backend: Backend, owner: UserId, limit: int, **fields: Any) -> list[Todo]:
    seen: list[Todo] = []
    after: SortKey | None = None
    while True:
        page = await backend.query(owner, limit=limit, after=after, **fields)
        seen += page
        if len(page) < limit:
            return seen
        after = sort_key(page[-1], fields["sort"])


@pytest.mark.parametrize(("sort", "descending"), SORTS)
async def test_pages_of_every_size_reassemble_the_whole_order(
    backend: Backend, sort: TodoSort, descending: bool
) -> None:
    owner = _owner()
    await backend.store(*_ladder(owner))
    whole = _titles(await backend.query(owner, sort=sort, descending=descending))

    for limit in range(1, 7):
        paged = await _all_pages(backend, owner, limit, sort=sort, descending=descending)
        assert _titles(paged) == whole, f"pages of {limit}"


def _strictly_after(later: SortKey, earlier: SortKey, *, descending: bool) -> bool:
    # The documented order: group ascending, then (value, id) in the query's direction.
    if later[0] != earlier[0]:
        return later[0] > earlier[0]
    rest: tuple[Any, Any] = (later[1], later[2])
    earlier_rest: tuple[Any, Any] = (earlier[1], earlier[2])
    return rest < earlier_rest if descending else rest > earlier_rest


def _twin(owner: UserId, of: Todo, title: str, **fields: Any) -> Todo:
    """A new todo tying with `of` in every sort key but the id."""
    return _todo(
        owner,
        title,
        now=of.created_at,
        due=of.due,
        priority=of.priority,
        position=of.position,
        **fields,
    )


@pytest.mark.parametrize(("sort", "descending"), SORTS)
async def test_paging_sees_every_todo_once_while_others_are_added(
    backend: Backend, sort: TodoSort, descending: bool
) -> None:
    owner = _owner()
    ladder = _ladder(owner)
    await backend.store(*ladder)

    seen: list[Todo] = []
    added_behind: list[str] = []
    added_ahead: list[str] = []
    after: SortKey | None = None
    while True:
        page = await backend.query(owner, limit=2, after=after, sort=sort, descending=descending)
        seen += page
        if len(page) < 2:
            break
        after = sort_key(page[-1], sort)
        if len(seen) > 6:
            # Enough: adding ahead of the cursor on every page could keep the listing going.
            continue
        # Twins of two rungs, some landing behind the cursor and some ahead of it.
        for rung in (ladder[len(seen) % 6], ladder[(len(seen) + 3) % 6]):
            new = _twin(owner, rung, f"new {len(added_behind) + len(added_ahead)}")
            await backend.store(new)
            ahead = _strictly_after(sort_key(new, sort), after, descending=descending)
            (added_ahead if ahead else added_behind).append(new.title.value)

    titles = _titles(seen)
    assert len(titles) == len(set(titles)), "a todo was listed twice"
    assert {todo.title.value for todo in ladder} <= set(titles)
    assert set(added_ahead) <= set(titles)
    assert not set(added_behind) & set(titles)
    keys = [sort_key(todo, sort) for todo in seen]
    assert all(
        _strictly_after(later, earlier, descending=descending) for earlier, later in pairwise(keys)
    )


@pytest.mark.parametrize(
    ("cursor_group", "expected"),
    [
        pytest.param(-1, "cebfad", id="before every group"),
        pytest.param(1, "ad", id="inside the no-due group"),
        pytest.param(2, "", id="after every group"),
    ],
)
async def test_a_cursor_group_before_or_after_every_row(
    backend: Backend, cursor_group: int, expected: str
) -> None:
    owner = _owner()
    await backend.store(*_ladder(owner))
    # In group 1 (no due) with the smallest id: every todo without a due comes after it.
    after: SortKey = (cursor_group, None, UUID(int=0))

    found = await backend.query(owner, sort=TodoSort.DUE, descending=False, after=after)

    assert "".join(_titles(found)) == expected


def _labelled_ladder(owner: UserId) -> list[Todo]:
    """The ladder labelled WORK and HOME, among twins that a WORK listing must leave out: one
    with HOME only for each rung, and a trashed twin with WORK, titled in upper case (and made
    in ladder order, so their ids ascend as the ladder's do)."""
    ladder = _ladder(owner, labels=[WORK, HOME])
    home_only = [_twin(owner, rung, f"home {rung.title.value}", labels=[HOME]) for rung in ladder]
    trashed = [_twin(owner, rung, rung.title.value.upper(), labels=[WORK]) for rung in ladder]
    for todo in trashed:
        todo.trash(LATER)
    return [*ladder, *home_only, *trashed]


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        pytest.param(sort, descending, expected, id=_sort_id(sort, descending))
        for sort, descending, expected in SORT_CASES
    ],
)
async def test_a_label_listing_sorts_and_pages_as_the_whole_listing_does(
    backend: Backend, sort: TodoSort, descending: bool, expected: str
) -> None:
    owner = _owner()
    await backend.store(*reversed(_labelled_ladder(owner)))
    order = {"sort": sort, "descending": descending}

    live = await backend.query(owner, label_id=WORK, **order)
    trash = await backend.query(owner, label_id=WORK, trashed=True, **order)

    assert "".join(_titles(live)) == expected
    assert "".join(_titles(trash)) == expected.upper()
    for limit in range(1, 7):
        paged = await _all_pages(backend, owner, limit, label_id=WORK, **order)
        assert "".join(_titles(paged)) == expected, f"pages of {limit}"
    paged_trash = await _all_pages(backend, owner, 4, label_id=WORK, trashed=True, **order)
    assert "".join(_titles(paged_trash)) == expected.upper()


async def test_pages_stay_inside_the_filters(backend: Backend) -> None:
    owner = _owner()
    await backend.store(*_filter_population(owner), *_ladder(owner))

    paged = await _all_pages(
        backend, owner, 2, sort=TodoSort.DUE, descending=True, status=TodoStatus.OPEN
    )

    assert _titles(paged) == _titles(
        await backend.query(owner, sort=TodoSort.DUE, descending=True, status=TodoStatus.OPEN)
    )
    assert len(paged) == 10


# -- related todos ----------------------------------------------------------------------------


async def test_children_lists_and_labels_include_trashed_todos_in_id_order(
    backend: Backend,
) -> None:
    owner, stranger = _owner(), _owner()
    parent = _todo(owner, "parent", list_id=LIST_A, position=1)
    first, second, third = _ascending_ids(3)
    kids = [
        _todo(owner, "kid 3", todo_id=third, parent_id=parent.id, list_id=LIST_A, position=5),
        _todo(owner, "kid 1", todo_id=first, parent_id=parent.id, labels=[WORK]),
        _todo(owner, "kid 2", todo_id=second, parent_id=parent.id, labels=[WORK, HOME]),
    ]
    kids[0].trash(LATER)
    kids[2].trash(LATER)
    grandchild = _todo(owner, "grandchild", parent_id=kids[1].id, list_id=LIST_B, position=9)
    foreign = _todo(stranger, "foreign", parent_id=parent.id, list_id=LIST_A, labels=[WORK])
    await backend.store(parent, *kids, grandchild, foreign)

    async with backend.new_uow() as uow:
        children = await uow.todos.children_of(owner, parent.id)
        in_list = await uow.todos.in_list(owner, LIST_A)
        labelled = await uow.todos.with_label(owner, WORK)
        home = await uow.todos.with_label(owner, HOME)
        last_a = await uow.todos.last_position(owner, LIST_A)
        last_b = await uow.todos.last_position(owner, LIST_B)
        last_empty = await uow.todos.last_position(owner, ListId(uuid4()))
        foreign_last = await uow.todos.last_position(stranger, LIST_A)

    assert _titles(children) == ["kid 1", "kid 2", "kid 3"]
    assert sorted(_titles(in_list)) == ["kid 3", "parent"]
    assert [todo.id for todo in in_list] == sorted(todo.id for todo in in_list)
    assert _titles(labelled) == ["kid 1", "kid 2"]
    assert _titles(home) == ["kid 2"]
    # A trashed todo keeps its place: restoring must not make two share a position.
    assert (last_a, last_b, last_empty, foreign_last) == (5, 9, None, 0)


async def test_label_listings_follow_every_change_to_a_todos_labels(backend: Backend) -> None:
    owner = _owner()
    names = ("kept", "relabelled", "unlabelled", "gains", "trashed", "removed", "unseen")
    todos = {name: _todo(owner, name, labels=[WORK]) for name in names}
    todos["gains"] = _todo(owner, "gains")
    todos["unlabelled"] = _todo(owner, "unlabelled", labels=[WORK, HOME])
    await backend.store(*todos.values())

    async with backend.new_uow() as uow:
        changed: dict[str, Todo] = {}
        for name in names[:-1]:
            found = await uow.todos.get(owner, todos[name].id)
            assert found is not None
            changed[name] = found
        changed["relabelled"].edit(now=LATER, labels=[HOME])
        changed["unlabelled"].remove_label(WORK, LATER)
        changed["gains"].edit(now=LATER, labels=[WORK])
        changed["trashed"].trash(LATER)
        await uow.todos.remove(changed["removed"])
        # One this unit never loaded, as the caller holds it.
        await uow.todos.remove(todos["unseen"])
        # The unit's own changes, before it commits.
        inside = await uow.todos.query(TodoQuery(owner_id=owner, limit=10, label_id=WORK))
        await uow.commit()

    work = ["gains", "kept"]
    assert sorted(_titles(inside)) == work
    assert sorted(_titles(await backend.query(owner, label_id=WORK))) == work
    assert sorted(_titles(await backend.query(owner, label_id=HOME))) == [
        "relabelled",
        "unlabelled",
    ]
    assert _titles(await backend.query(owner, label_id=WORK, trashed=True)) == ["trashed"]

    async with backend.new_uow() as uow:
        trashed = await uow.todos.get(owner, todos["trashed"].id)
        assert trashed is not None
        trashed.restore(LATER)
        await uow.commit()
    assert sorted(_titles(await backend.query(owner, label_id=WORK))) == [*work, "trashed"]
    assert await backend.query(owner, label_id=WORK, trashed=True) == []


async def test_another_owner_sees_none_of_it(backend: Backend) -> None:
    owner, stranger = _owner(), _owner()
    parent = _todo(owner, "parent", list_id=LIST_A, labels=[WORK])
    child = _todo(owner, "child", parent_id=parent.id, list_id=LIST_A)
    trashed = _todo(owner, "trashed", list_id=LIST_A)
    trashed.trash(LATER)
    await backend.store(parent, child, trashed)

    async with backend.new_uow() as uow:
        assert await uow.todos.get(stranger, parent.id) is None
        assert await uow.todos.query(TodoQuery(owner_id=stranger, limit=10)) == []
        assert await uow.todos.query(TodoQuery(owner_id=stranger, limit=10, trashed=True)) == []
        assert await uow.todos.children_of(stranger, parent.id) == []
        assert await uow.todos.in_list(stranger, LIST_A) == []
        assert await uow.todos.with_label(stranger, WORK) == []
        assert await uow.todos.last_position(stranger, LIST_A) is None
        assert _titles(await uow.todos.in_list(owner, LIST_A)) == _titles(
            sorted([parent, child, trashed], key=lambda todo: todo.id)
        )


# -- the trash and removal --------------------------------------------------------------------


async def test_trashed_and_live_todos_are_separate_views(backend: Backend) -> None:
    owner = _owner()
    live, trashed, restored = _todo(owner, "live"), _todo(owner, "trashed"), _todo(owner, "back")
    trashed.trash(LATER)
    restored.trash(LATER)
    restored.restore(LATER + timedelta(minutes=1))
    await backend.store(live, trashed, restored)

    assert sorted(_titles(await backend.query(owner))) == ["back", "live"]
    assert _titles(await backend.query(owner, trashed=True)) == ["trashed"]
    # `get` finds a trashed todo too: restoring needs it.
    assert _fields(await backend.get(owner, trashed.id)) == _fields(trashed)


async def test_a_removed_todo_is_gone_for_good(backend: Backend) -> None:
    owner = _owner()
    doomed, kept = _todo(owner, "doomed", list_id=LIST_A), _todo(owner, "kept", list_id=LIST_A)
    doomed.trash(LATER)
    await backend.store(doomed, kept)

    async with backend.new_uow() as uow:
        loaded = await uow.todos.get(owner, doomed.id)
        assert loaded is not None
        await uow.todos.remove(loaded)
        await uow.commit()

    assert await backend.get(owner, doomed.id) is None
    assert await backend.query(owner, trashed=True) == []
    async with backend.new_uow() as uow:
        assert _titles(await uow.todos.in_list(owner, LIST_A)) == ["kept"]


async def test_removing_a_todo_someone_else_changed_fails(backend: Backend) -> None:
    skip_overlapping_units_on_sqlite(backend.kind)
    owner = _owner()
    todo = _todo(owner, "contested")
    await backend.store(todo)

    async def remove_stale_copy() -> None:
        async with backend.new_uow() as uow:
            stale = await uow.todos.get(owner, todo.id)
            assert stale is not None
            async with backend.new_uow() as other:
                fresh = await other.todos.get(owner, todo.id)
                assert fresh is not None
                fresh.edit(now=LATER, title=Title("changed elsewhere"))
                await other.commit()
            await uow.todos.remove(stale)
            await uow.commit()

    with pytest.raises(PreconditionFailed):
        await remove_stale_copy()
    stored = await backend.get(owner, todo.id)
    assert stored is not None
    assert stored.title == Title("changed elsewhere")


async def test_of_two_overlapping_units_changing_one_todo_the_first_commit_wins(
    backend: Backend,
) -> None:
    skip_overlapping_units_on_sqlite(backend.kind)
    owner = _owner()
    todo = _todo(owner, "shared")
    await backend.store(todo)

    async with backend.new_uow() as first, backend.new_uow() as second:
        mine = await first.todos.get(owner, todo.id)
        theirs = await second.todos.get(owner, todo.id)
        assert mine is not None
        assert theirs is not None
        mine.edit(now=LATER, title=Title("mine"))
        theirs.edit(now=LATER, title=Title("theirs"), priority=Priority.HIGH)
        await first.commit()
        with pytest.raises(PreconditionFailed):
            await second.commit()

    stored = await backend.get(owner, todo.id)
    assert stored is not None
    assert (stored.title.value, stored.priority, stored.version) == ("mine", Priority.NONE, 2)


async def test_of_two_simultaneous_commits_to_one_todo_exactly_one_wins(backend: Backend) -> None:
    skip_overlapping_units_on_sqlite(backend.kind)
    owner = _owner()
    todo = _todo(owner, "shared")
    await backend.store(todo)
    both_loaded = asyncio.Barrier(2)

    async def rename(title: str) -> None:
        async with backend.new_uow() as uow:
            mine = await uow.todos.get(owner, todo.id)
            assert mine is not None
            await both_loaded.wait()
            mine.edit(now=LATER, title=Title(title))
            await uow.commit()

    outcomes = await asyncio.gather(rename("mine"), rename("theirs"), return_exceptions=True)

    failures = [outcome for outcome in outcomes if outcome is not None]
    assert len(failures) == 1, outcomes
    assert isinstance(failures[0], PreconditionFailed)
    winner = "theirs" if outcomes[0] is not None else "mine"
    stored = await backend.get(owner, todo.id)
    assert stored is not None
    assert (stored.title.value, stored.version) == (winner, 2)


async def test_on_sqlite_a_second_writer_waits_for_the_first_and_builds_on_its_commit(
    backend: Backend,
) -> None:
    if backend.kind != "sqlite":
        pytest.skip("SQLite's one writer at a time; the others detect the lost race instead")
    owner = _owner()
    todo = _todo(owner, "shared")
    await backend.store(todo)
    first_loaded = asyncio.Event()

    async def rename(title: str, *, after: asyncio.Event | None = None) -> None:
        if after is not None:
            await after.wait()
        async with backend.new_uow() as uow:
            mine = await uow.todos.get(owner, todo.id)
            assert mine is not None
            first_loaded.set()
            # Let the other rename start while this unit is open: it must wait, not fail.
            await asyncio.sleep(0)
            mine.edit(now=LATER, title=Title(title))
            await uow.commit()

    await asyncio.gather(rename("first"), rename("second", after=first_loaded))

    stored = await backend.get(owner, todo.id)
    assert stored is not None
    assert (stored.title.value, stored.version) == ("second", 3)


# -- the scheduler's scans across every owner -------------------------------------------------


def _reminding(owner: UserId, title: str, *at: datetime, **fields: Any) -> Todo:
    return _todo(owner, title, reminders=[AbsoluteReminder(when) for when in at], **fields)


async def test_reminders_due_come_from_every_owner_earliest_first(
    isolated_backend: Backend,
) -> None:
    alice, bob = _owner(), _owner()
    soon, tie, late = (
        NOW + timedelta(minutes=30),
        NOW + timedelta(hours=1),
        NOW + timedelta(hours=5),
    )
    first_id, second_id = _ascending_ids(2)
    tie_second = _reminding(bob, "tie, larger id", tie, todo_id=second_id)
    tie_first = _reminding(alice, "tie, smaller id", late, tie, todo_id=first_id)
    earliest = _reminding(bob, "earliest", soon, late)
    future = _reminding(alice, "future", late)
    done = _reminding(alice, "done", soon)
    done.complete(now=NOW)
    trashed = _reminding(bob, "trashed", soon)
    trashed.trash(NOW)
    fired = _reminding(alice, "fired", soon)
    fired.fire_reminders(soon, owner_email=None)
    reopened = _reminding(alice, "reopened", late - timedelta(hours=1))
    reopened.complete(now=NOW)
    reopened.reopen(NOW + timedelta(minutes=1))
    await isolated_backend.store(
        tie_second, tie_first, earliest, future, done, trashed, fired, reopened
    )
    at_two = NOW + timedelta(hours=2)

    async with isolated_backend.new_uow() as uow:
        next_before = await uow.todos.next_reminder_at()
        due = await uow.todos.claim_reminders_due(at_two, limit=10)
        first_two = await uow.todos.claim_reminders_due(at_two, limit=2)
        by_then = await uow.todos.claim_reminders_due(late, limit=10)
        # Firing the earliest leaves that todo's next reminder (at `late`) ahead of `at_two`.
        due[0].fire_reminders(at_two, owner_email=None)
        await uow.commit()
    async with isolated_backend.new_uow() as uow:
        after_firing = await uow.todos.claim_reminders_due(at_two, limit=10)
        next_after = await uow.todos.next_reminder_at()

    assert _titles(due) == ["earliest", "tie, smaller id", "tie, larger id"]
    assert _titles(first_two) == ["earliest", "tie, smaller id"]
    assert _titles(by_then) == [
        "earliest",
        "tie, smaller id",
        "tie, larger id",
        "reopened",
        "future",
    ]
    assert _titles(after_firing) == ["tie, smaller id", "tie, larger id"]
    # Done, trashed and fired reminders are not pending: the earliest pending one is next.
    assert (next_before, next_after) == (soon, tie)


async def test_trash_older_than_a_cutoff_comes_from_every_owner_oldest_first(
    isolated_backend: Backend,
) -> None:
    alice, bob = _owner(), _owner()
    first_id, second_id = _ascending_ids(2)
    todos = {
        "oldest": _todo(bob, "oldest"),
        "tie, smaller id": _todo(alice, "tie, smaller id", todo_id=first_id),
        "tie, larger id": _todo(bob, "tie, larger id", todo_id=second_id),
        "at the cutoff": _todo(alice, "at the cutoff"),
        "restored": _todo(alice, "restored"),
        "live": _todo(bob, "live"),
    }
    cutoff = NOW + timedelta(days=30)
    todos["oldest"].trash(NOW)
    todos["tie, larger id"].trash(NOW + timedelta(days=1))
    todos["tie, smaller id"].trash(NOW + timedelta(days=1))
    todos["at the cutoff"].trash(cutoff)
    todos["restored"].trash(NOW)
    todos["restored"].restore(NOW + timedelta(hours=1))
    await isolated_backend.store(*todos.values())

    async with isolated_backend.new_uow() as uow:
        old = await uow.todos.trashed_before(cutoff, limit=10)
        first_two = await uow.todos.trashed_before(cutoff, limit=2)
        everything = await uow.todos.trashed_before(cutoff + timedelta(microseconds=1), limit=10)

    assert _titles(old) == ["oldest", "tie, smaller id", "tie, larger id"]
    assert _titles(first_two) == ["oldest", "tie, smaller id"]
    assert _titles(everything) == [*_titles(old), "at the cutoff"]
