"""Listing todos: every filter, every sort in both directions, page limits and cursors."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import (
    add_account,
    build_app,
    new_label,
    new_list,
    of,
)
from todo_core import Application, Ports, ValidationFailed
from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.ids import TodoId
from todo_core.domain.priority import Priority
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo import TodoStatus
from todo_core.ports.todo_query import TodoSort
from todo_core.use_cases import MAX_PAGE_SIZE, CreateTodoCommand, ListTodosQuery, TodoView
from todo_core.use_cases.patch_todo import PatchTodoCommand

UTC_ZONE = TimeZoneName("UTC")


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _todo(app: Application, title: str = "x", **fields: object) -> TodoView:
    return await app.create_todo(CreateTodoCommand(actor=ALICE, title=title, **fields))  # type: ignore[arg-type]


def _at(day: int, hour: int = 12) -> DueDateTime:
    return DueDateTime(datetime(2026, 4, day, hour, tzinfo=UTC), UTC_ZONE)


async def _ids(app: Application, **query: object) -> list[TodoId]:
    page = await app.list_todos(ListTodosQuery(actor=ALICE, limit=MAX_PAGE_SIZE, **query))  # type: ignore[arg-type]
    return [view.id for view in page.items]


async def _set(app: Application, **query: object) -> set[TodoId]:
    return set(await _ids(app, **query))


# -- filters ----------------------------------------------------------------------------------


async def test_by_status(app: Application) -> None:
    open_one, done_one = await _todo(app), await _todo(app)
    await app.complete_todo(of(ALICE, done_one.id))

    assert await _set(app, status=TodoStatus.OPEN) == {open_one.id}
    assert await _set(app, status=TodoStatus.DONE) == {done_one.id}
    assert await _set(app) == {open_one.id, done_one.id}


async def test_by_list(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    at_work = await _todo(app, list_id=work)
    in_inbox = await _todo(app)

    assert await _set(app, list_id=work) == {at_work.id}
    assert await _set(app, list_id=in_inbox.list_id) == {in_inbox.id}


async def test_by_label(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    home, garden = [await new_label(store, clock, ids, ALICE, name) for name in ("home", "garden")]
    both = await _todo(app, labels=(home, garden))
    home_only = await _todo(app, labels=(home,))
    await _todo(app)

    assert await _set(app, label_id=home) == {both.id, home_only.id}
    assert await _set(app, label_id=garden) == {both.id}


async def test_by_minimum_priority(app: Application) -> None:
    views = {p: await _todo(app, priority=p) for p in Priority}

    assert await _set(app, priority_min=Priority.HIGH) == {
        views[Priority.HIGH].id,
        views[Priority.URGENT].id,
    }
    assert await _set(app, priority_min=Priority.NONE) == {view.id for view in views.values()}


async def test_due_bounds_are_half_open_and_skip_todos_without_a_due(app: Application) -> None:
    early, edge, late = [await _todo(app, due=_at(day)) for day in (1, 2, 3)]
    await _todo(app)
    bound = _at(2).at

    assert await _set(app, due_before=bound) == {early.id}
    assert await _set(app, due_after=bound) == {edge.id, late.id}
    assert await _set(app, due_after=_at(1).at, due_before=_at(3).at) == {early.id, edge.id}


@pytest.mark.parametrize("field", ["due_before", "due_after"])
async def test_a_due_bound_without_an_offset_is_refused_naming_it(
    app: Application, field: str
) -> None:
    naive = datetime(2026, 4, 1)  # noqa: DTZ001 - the point of the test
    query = (
        ListTodosQuery(actor=ALICE, due_before=naive)
        if field == "due_before"
        else ListTodosQuery(actor=ALICE, due_after=naive)
    )
    with pytest.raises(ValidationFailed) as error:
        await app.list_todos(query)
    assert error.value.field == field


async def test_a_date_bound_splits_the_todos_with_a_due_at_the_start_of_that_day(
    app: Application,
) -> None:
    # Alice has no account, so her days are UTC days.
    day_before = await _todo(app, due=DueDate(date(2026, 4, 1)))
    that_day = await _todo(app, due=DueDate(date(2026, 4, 2)))
    late_on_day_before = await _todo(app, due=_at(1, hour=23))
    at_midnight = await _todo(app, due=_at(2, hour=0))
    early_that_day = await _todo(
        app, due=DueDateTime(datetime(2026, 4, 2, 0, 0, 1, tzinfo=UTC), UTC_ZONE)
    )
    await _todo(app)

    # Before D: overdue once D begins. At or after D: still not overdue then.
    before = {day_before.id, late_on_day_before.id, at_midnight.id}
    assert await _set(app, due_before=date(2026, 4, 2)) == before
    assert await _set(app, due_after=date(2026, 4, 2)) == {that_day.id, early_that_day.id}
    # One day: after D and before D + 1.
    assert await _set(app, due_after=date(2026, 4, 2), due_before=date(2026, 4, 3)) == {
        that_day.id,
        early_that_day.id,
    }


async def test_a_date_bound_begins_where_the_owner_lives(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now(), zone="Asia/Tokyo")
    # 2 April begins at 1 April 15:00 UTC in Tokyo.
    evening_utc = await _todo(app, due=_at(1, hour=16))
    afternoon_utc = await _todo(app, due=_at(1, hour=14))
    on_the_day = await _todo(app, due=DueDate(date(2026, 4, 2)))

    assert await _set(app, due_after=date(2026, 4, 2)) == {evening_utc.id, on_the_day.id}
    assert await _set(app, due_before=date(2026, 4, 2)) == {afternoon_utc.id}


async def test_by_parent_lists_its_subtasks_only(app: Application) -> None:
    parent = await _todo(app, title="trip")
    kids = {(await _todo(app, title=t, parent_id=parent.id)).id for t in ("pack", "book")}
    other = await _todo(app, title="party")
    await _todo(app, title="cake", parent_id=other.id)

    assert await _set(app, parent_id=parent.id) == kids


async def test_by_parent_is_empty_for_a_missing_or_someone_elses_todo(app: Application) -> None:
    bobs = await app.create_todo(CreateTodoCommand(actor=BOB, title="bob's"))
    await app.create_todo(CreateTodoCommand(actor=BOB, title="bob's kid", parent_id=bobs.id))

    # As for a list or a label: a filter tells nothing about what is not the caller's.
    assert await _set(app, parent_id=bobs.id) == set()
    assert await _set(app, parent_id=TodoId(UUID(int=404))) == set()


async def test_overdue_whole_day_dues_end_at_midnight_and_timed_ones_at_their_instant(
    app: Application, clock: FixedClock
) -> None:
    # The clock reads 2026-03-29 00:30 UTC; Alice has no account, so her days are UTC days.
    yesterday = await _todo(app, due=DueDate(date(2026, 3, 28)))
    await _todo(app, due=DueDate(date(2026, 3, 29)))
    minute_ago = await _todo(app, due=DueDateTime(clock.now() - timedelta(minutes=1), UTC_ZONE))
    await _todo(app, due=DueDateTime(clock.now() + timedelta(minutes=1), UTC_ZONE))
    done_late = await _todo(app, due=DueDate(date(2026, 3, 1)))
    await app.complete_todo(of(ALICE, done_late.id))
    await _todo(app)

    assert await _set(app, overdue=True) == {yesterday.id, minute_ago.id}


async def test_whole_day_dues_are_overdue_only_once_the_day_ends_where_the_owner_lives(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    # 2026-03-29 00:30 UTC is still the afternoon of 28 March in Los Angeles.
    await add_account(
        store, ALICE, email="alice@example.org", now=clock.now(), zone="America/Los_Angeles"
    )
    today_there = await _todo(app, due=DueDate(date(2026, 3, 28)))

    assert await _set(app, overdue=True) == set()
    clock.advance(timedelta(hours=7))
    assert await _set(app, overdue=True) == {today_there.id}


async def test_text_matches_title_or_notes_ignoring_case(app: Application) -> None:
    in_title = await _todo(app, title="Buy MILK")
    in_notes = await _todo(app, title="shopping", notes="oat milk, 2 l")
    await _todo(app, title="bread")

    assert await _set(app, text="milk") == {in_title.id, in_notes.id}
    assert await _set(app, text="  Milk  ") == {in_title.id, in_notes.id}
    assert await _set(app, text="OAT") == {in_notes.id}
    # Blank text is no filter at all.
    assert len(await _set(app, text="   ")) == 3


async def test_overlong_text_is_refused(app: Application) -> None:
    with pytest.raises(ValidationFailed) as error:
        await app.list_todos(ListTodosQuery(actor=ALICE, text="x" * 201))
    assert error.value.field == "q"


async def test_the_trash_view_shows_only_trashed_todos(app: Application) -> None:
    live, trashed = await _todo(app), await _todo(app)
    await app.trash_todo(of(ALICE, trashed.id))

    assert await _set(app) == {live.id}
    assert await _set(app, trashed=True) == {trashed.id}


async def test_filters_combine_and_never_show_another_users_todos(app: Application) -> None:
    wanted = await _todo(app, title="pay rent", priority=Priority.HIGH, due=_at(1))
    await _todo(app, title="pay rent", priority=Priority.LOW, due=_at(1))
    await _todo(app, title="pay tax", priority=Priority.HIGH)
    await app.create_todo(
        CreateTodoCommand(actor=BOB, title="pay rent", priority=Priority.HIGH, due=_at(1))
    )

    found = await _set(app, text="rent", priority_min=Priority.HIGH, due_before=_at(2).at)
    assert found == {wanted.id}


# -- sorts ------------------------------------------------------------------------------------


async def test_by_creation_time_with_ties_in_id_order(app: Application, clock: FixedClock) -> None:
    first = await _todo(app)
    clock.advance(timedelta(seconds=1))
    tie_a, tie_b = await _todo(app), await _todo(app)
    clock.advance(timedelta(seconds=1))
    last = await _todo(app)
    oldest_first = [first.id, tie_a.id, tie_b.id, last.id]

    assert await _ids(app, sort=TodoSort.CREATED, descending=False) == oldest_first
    assert await _ids(app, sort=TodoSort.CREATED, descending=True) == oldest_first[::-1]


async def test_by_priority_with_ties_in_id_order(app: Application) -> None:
    low_a = await _todo(app, priority=Priority.LOW)
    high = await _todo(app, priority=Priority.HIGH)
    low_b = await _todo(app, priority=Priority.LOW)
    urgent = await _todo(app, priority=Priority.URGENT)
    none = await _todo(app)
    ascending = [none.id, low_a.id, low_b.id, high.id, urgent.id]

    assert await _ids(app, sort=TodoSort.PRIORITY, descending=False) == ascending
    assert await _ids(app, sort=TodoSort.PRIORITY, descending=True) == ascending[::-1]


async def test_by_position_with_ties_in_id_order(app: Application) -> None:
    a, b, c, d = [await _todo(app) for _ in range(4)]  # positions 0, 1, 2, 3
    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=a.id, position=2))
    ascending = [b.id, a.id, c.id, d.id]

    assert await _ids(app, sort=TodoSort.POSITION, descending=False) == ascending
    assert await _ids(app, sort=TodoSort.POSITION, descending=True) == ascending[::-1]


async def test_by_due_with_todos_without_one_last_in_both_directions(app: Application) -> None:
    dues: list[Due | None] = [
        _at(2, hour=10),
        None,
        # A whole day is due until its end: 2 April 00:00 UTC for Alice, before 10:00 that day.
        DueDate(date(2026, 4, 1)),
        _at(2, hour=10),
        None,
        _at(1, hour=23),
    ]
    t = [(await _todo(app, due=due)).id for due in dues]

    assert await _ids(app, sort=TodoSort.DUE, descending=False) == [
        t[5],
        t[2],
        t[0],
        t[3],
        t[1],
        t[4],
    ]
    assert await _ids(app, sort=TodoSort.DUE, descending=True) == [
        t[3],
        t[0],
        t[2],
        t[5],
        t[4],
        t[1],
    ]


# -- limits and cursors -----------------------------------------------------------------------


@pytest.mark.parametrize("limit", [0, MAX_PAGE_SIZE + 1])
async def test_a_limit_outside_1_to_200_is_refused(app: Application, limit: int) -> None:
    with pytest.raises(ValidationFailed) as error:
        await app.list_todos(ListTodosQuery(actor=ALICE, limit=limit))
    assert error.value.field == "limit"


@pytest.mark.parametrize("limit", [1, MAX_PAGE_SIZE])
async def test_the_limit_bounds_themselves_are_accepted(app: Application, limit: int) -> None:
    for _ in range(2):
        await _todo(app)
    page = await app.list_todos(ListTodosQuery(actor=ALICE, limit=limit))
    assert len(page.items) == min(limit, 2)
    assert (page.next_cursor is None) == (limit >= 2)


async def _a_cursor(app: Application, **query: object) -> str:
    for _ in range(3):
        await _todo(app)
    page = await app.list_todos(ListTodosQuery(actor=ALICE, limit=1, **query))  # type: ignore[arg-type]
    assert page.next_cursor is not None
    return page.next_cursor


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"sort": TodoSort.PRIORITY},
        {"descending": False},
        {"trashed": True},
    ],
    ids=["sort", "order", "view"],
)
async def test_a_cursor_only_continues_the_listing_it_came_from(
    app: Application, elsewhere: dict[str, object]
) -> None:
    cursor = await _a_cursor(app, sort=TodoSort.CREATED, descending=True)

    with pytest.raises(ValidationFailed) as error:
        await app.list_todos(ListTodosQuery(actor=ALICE, cursor=cursor, **elsewhere))  # type: ignore[arg-type]
    assert error.value.field == "cursor"


def _tampered(cursor: str) -> str:
    payload, signature = cursor.split(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    # Point the cursor at another row: a plausible edit that the signature must catch.
    edited = raw.replace(b"-7000-", b"-7001-")
    assert edited != raw
    return base64.urlsafe_b64encode(edited).decode().rstrip("=") + "." + signature


@pytest.mark.parametrize("damage", ["edited", "unsigned", "garbage", "foreign"])
async def test_a_tampered_or_foreign_cursor_is_refused(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds, damage: str
) -> None:
    cursor = await _a_cursor(app)
    if damage == "edited":
        cursor = _tampered(cursor)
    elif damage == "unsigned":
        cursor = cursor.split(".")[0]
    elif damage == "garbage":
        cursor = "%%%.###"
    else:
        # Made by a process with another secret.
        other = Application(
            Ports(
                uow=lambda: InMemoryUnitOfWork(store),
                clock=clock,
                ids=ids,
                cursor_secret=b"o" * 32,
            )
        )
        cursor = (await other.list_todos(ListTodosQuery(actor=ALICE, limit=1))).next_cursor or ""

    with pytest.raises(ValidationFailed) as error:
        await app.list_todos(ListTodosQuery(actor=ALICE, limit=1, cursor=cursor))
    assert error.value.field == "cursor"


async def test_a_cursor_of_the_same_secret_works_across_application_instances(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    first, second = build_app(store, clock, ids), build_app(store, clock, ids)
    for _ in range(3):
        await first.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    page = await first.list_todos(ListTodosQuery(actor=ALICE, limit=2))

    rest = await second.list_todos(ListTodosQuery(actor=ALICE, limit=2, cursor=page.next_cursor))

    assert len(rest.items) == 1
    assert rest.next_cursor is None


async def test_paging_by_due_keeps_ties_whose_deadline_falls_in_a_clock_change(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    # In Santiago, midnight of 2026-09-06 does not exist: a todo due on 5 September ends then.
    await add_account(
        store, ALICE, email="alice@example.org", now=clock.now(), zone="America/Santiago"
    )
    tied = {(await _todo(app, due=DueDate(date(2026, 9, 5)))).id for _ in range(3)}

    seen: list[TodoId] = []
    cursor: str | None = None
    while True:
        page = await app.list_todos(
            ListTodosQuery(actor=ALICE, limit=1, cursor=cursor, sort=TodoSort.DUE)
        )
        seen += [view.id for view in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert sorted(seen) == sorted(tied)
