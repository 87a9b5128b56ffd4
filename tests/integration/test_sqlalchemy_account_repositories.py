"""Users, lists and labels on real SQLite and real PostgreSQL (one body each), and the
version-checked writes every SQLAlchemy repository shares, todos included."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from adapters.sqlalchemy.tables import outbox
from adapters.system import Uuid7IdGenerator
from tests.support.one_writer import skip_overlapping_units_on_sqlite
from todo_core import Conflict, PreconditionFailed
from todo_core.domain.aggregate import Aggregate
from todo_core.domain.colour import Colour
from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_events import LabelRenamed
from todo_core.domain.label_name import LabelName
from todo_core.domain.list_name import INBOX_NAME, ListName
from todo_core.domain.notes import Notes
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.domain.todo_list import TodoList
from todo_core.domain.user import User

IDS = Uuid7IdGenerator()
# A non-UTC offset and microseconds: both must survive the round trip as the same instant.
WHEN = datetime(2026, 3, 29, 3, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
LATER = WHEN + timedelta(minutes=5)
# Opaque to the adapter; shaped like an argon2 hash, but of no password.
ARGON2_SHAPED = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


def _owner() -> UserId:
    # A fresh owner per test keeps tests independent on a shared, migrated database.
    return UserId(uuid4())


def _user(email: str | None = None) -> User:
    return User(
        id=UserId(IDS.new_id()),
        email=EmailAddress.parse(email or f"{uuid4().hex}@example.org"),
        display_name=DisplayName("Ann Example ✓"),
        time_zone=TimeZoneName("Europe/Berlin"),
        password_hash=ARGON2_SHAPED,
        email_verified=True,
        created_at=WHEN,
        updated_at=LATER,
        version=1,
    )


def _list(
    owner: UserId,
    name: str = "Groceries",
    *,
    position: int = 0,
    archived: bool = False,
    is_inbox: bool = False,
) -> TodoList:
    return TodoList(
        id=ListId(IDS.new_id()),
        owner_id=owner,
        name=ListName(name),
        position=position,
        archived=archived,
        is_inbox=is_inbox,
        created_at=WHEN,
        updated_at=WHEN,
        version=1,
    )


def _label(owner: UserId, name: str = "Work", colour: str = "#12ab9f") -> Label:
    return Label(
        id=LabelId(IDS.new_id()),
        owner_id=owner,
        name=LabelName(name),
        colour=Colour(colour),
        created_at=WHEN,
        updated_at=WHEN,
        version=1,
    )


def _todo(owner: UserId, title: str = "write the adapter") -> Todo:
    return Todo.create(
        todo_id=TodoId(IDS.new_id()), owner_id=owner, title=Title(title), notes=Notes(), now=WHEN
    )


def _fields(aggregate: Aggregate | None) -> dict[str, Any]:
    """Every field the constructor takes: what must survive a round trip unchanged."""
    assert aggregate is not None
    return {
        field.name: getattr(aggregate, field.name)
        for field in dataclasses.fields(aggregate)
        if field.init
    }


def _uow(engine: AsyncEngine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine, ids=IDS)


async def _store(engine: AsyncEngine, *aggregates: User | TodoList | Label | Todo) -> None:
    async with _uow(engine) as uow:
        for aggregate in aggregates:
            if isinstance(aggregate, User):
                await uow.users.add(aggregate)
            elif isinstance(aggregate, TodoList):
                await uow.lists.add(aggregate)
            elif isinstance(aggregate, Label):
                await uow.labels.add(aggregate)
            else:
                await uow.todos.add(aggregate)
        await uow.commit()


async def _event_types_for(engine: AsyncEngine, aggregate_id: UUID) -> list[str]:
    async with engine.connect() as connection:
        result = await connection.execute(
            select(outbox.c.event_type)
            .where(outbox.c.aggregate_id == aggregate_id)
            .order_by(outbox.c.id)
        )
        return list(result.scalars())


async def test_a_user_reads_back_equal_in_every_field(engine: AsyncEngine) -> None:
    written = _user()
    await _store(engine, written)

    async with _uow(engine) as uow:
        by_id = await uow.users.get(written.id)
        by_email = await uow.users.get_by_email(EmailAddress.parse(written.email.value.upper()))
        missing = await uow.users.get_by_email(EmailAddress("nobody@example.org"))

    assert _fields(by_id) == _fields(written)
    assert by_id is not None
    assert by_id.created_at.tzinfo is not None
    assert _fields(by_email) == _fields(written)
    assert missing is None


async def test_digest_settings_read_back_and_due_digests_come_earliest_first(
    engine: AsyncEngine,
) -> None:
    # In the year 2000: no other test's user has a digest due that early.
    base = datetime(2000, 1, 1, 7, 0, tzinfo=UTC)
    later, earlier, not_yet = _user(), _user(), _user()
    for user, moment in ((later, base), (earlier, base - timedelta(hours=1)), (not_yet, LATER)):
        user.digest_enabled, user.digest_time = True, time(6, 45)
        user.digest_sent_on, user.next_digest_at = date(1999, 12, 31), moment
    await _store(engine, later, earlier, not_yet)

    async with _uow(engine) as uow:
        again = await uow.users.get(later.id)
        due = await uow.users.claim_digests_due(base, limit=10)
        first = await uow.users.claim_digests_due(base, limit=1)
        earliest = await uow.users.next_digest_at()

    assert _fields(again) == _fields(later)
    assert [user.id for user in due] == [earlier.id, later.id]
    assert [user.id for user in first] == [earlier.id]
    assert earliest is not None
    assert earliest <= base - timedelta(hours=1)


async def test_a_taken_email_is_a_conflict_and_the_whole_unit_rolls_back(
    engine: AsyncEngine,
) -> None:
    first = _user()
    await _store(engine, first)
    owner = _owner()
    label, twin = _label(owner), _user(first.email.value)

    async def add_both() -> None:
        async with _uow(engine) as uow:
            await uow.labels.add(label)
            await uow.users.add(twin)
            await uow.commit()

    # PostgreSQL and SQLite both refuse at the INSERT; a deferred check would refuse at commit.
    with pytest.raises(Conflict):
        await add_both()

    async with _uow(engine) as uow:
        assert await uow.labels.get(owner, label.id) is None
        assert await uow.users.get(twin.id) is None
        assert _fields(await uow.users.get_by_email(first.email)) == _fields(first)


async def test_a_list_reads_back_equal_in_every_field(engine: AsyncEngine) -> None:
    owner = _owner()
    inbox = _list(owner, INBOX_NAME.value, is_inbox=True)
    groceries = _list(owner, "Groceries", position=3)
    await _store(engine, inbox, groceries)

    async with _uow(engine) as uow:
        assert _fields(await uow.lists.get(owner, groceries.id)) == _fields(groceries)
        assert _fields(await uow.lists.get_inbox(owner)) == _fields(inbox)
        found = await uow.lists.find_active_by_name(owner, ListName("GROCERIES"))
        assert _fields(found) == _fields(groceries)
        assert await uow.lists.find_active_by_name(owner, ListName("Hardware")) is None
        assert await uow.lists.get_inbox(_owner()) is None


async def test_active_list_names_are_unique_ignoring_case_and_archiving_frees_a_name(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    archived = _list(owner, "Holiday", archived=True)
    active = _list(owner, "holiday")
    # An archived list never blocks the name, and another owner has names of their own.
    await _store(engine, archived, active, _list(_owner(), "Holiday"))

    with pytest.raises(Conflict):
        await _store(engine, _list(owner, "HOLIDAY"))

    async with _uow(engine) as uow:
        found = await uow.lists.find_active_by_name(owner, ListName("Holiday"))
        assert found is not None
        assert found.id == active.id
        found.archived = True
        found._bump_version()
        await uow.commit()
    reused = _list(owner, "Holiday")
    await _store(engine, reused)

    async with _uow(engine) as uow:
        names = await uow.lists.list_for_owner(owner, limit=10, include_archived=True)
    assert sorted((todo_list.name.value, todo_list.archived) for todo_list in names) == [
        ("Holiday", False),
        ("Holiday", True),
        ("holiday", True),
    ]


async def test_an_owner_has_at_most_one_inbox(engine: AsyncEngine) -> None:
    owner, neighbour = _owner(), _owner()
    await _store(engine, _list(owner, "Inbox", is_inbox=True))

    with pytest.raises(Conflict):
        # A different name, still a second inbox.
        await _store(engine, _list(owner, "Second inbox", is_inbox=True))
    await _store(engine, _list(neighbour, "Inbox", is_inbox=True))

    async with _uow(engine) as uow:
        inbox = await uow.lists.get_inbox(owner)
        assert inbox is not None
        assert inbox.name == INBOX_NAME


async def test_lists_come_in_position_then_id_order_and_page_by_keyset(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    # Ids are time-ordered, so `tie_early` has the smaller id of the two at position 2.
    tie_early, tie_late = (
        _list(owner, "tie early", position=2),
        _list(owner, "tie late", position=2),
    )
    first, last = _list(owner, "first", position=1), _list(owner, "last", position=9)
    hidden = _list(owner, "hidden", position=5, archived=True)
    await _store(engine, last, tie_late, hidden, first, tie_early)

    async with _uow(engine) as uow:
        page_one = await uow.lists.list_for_owner(owner, limit=2)
        cursor = (page_one[-1].position, page_one[-1].id)
        page_two = await uow.lists.list_for_owner(owner, limit=2, after=cursor)
        rest = await uow.lists.list_for_owner(owner, limit=10, after=(2, tie_late.id))
        everything = await uow.lists.list_for_owner(owner, limit=10, include_archived=True)

    def names(lists: Any) -> list[str]:
        return [todo_list.name.value for todo_list in lists]

    assert names(page_one) == ["first", "tie early"]
    assert names(page_two) == ["tie late", "last"]
    assert names(rest) == ["last"]
    assert names(everything) == ["first", "tie early", "tie late", "hidden", "last"]


async def test_last_position_is_the_highest_of_all_the_owners_lists(engine: AsyncEngine) -> None:
    owner = _owner()
    async with _uow(engine) as uow:
        assert await uow.lists.last_position(owner) is None
    # Archived lists count too: a new list must not share a position with one unarchived later.
    await _store(
        engine, _list(owner, "a", position=4), _list(owner, "b", position=7, archived=True)
    )
    await _store(engine, _list(_owner(), "elsewhere", position=99))

    async with _uow(engine) as uow:
        assert await uow.lists.last_position(owner) == 7


async def test_a_label_reads_back_equal_and_labels_come_by_name_ignoring_case(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    work, errands, zebra = _label(owner, "work"), _label(owner, "Errands"), _label(owner, "Zebra")
    await _store(engine, work, zebra, errands, _label(_owner(), "Another owner's"))

    async with _uow(engine) as uow:
        assert _fields(await uow.labels.get(owner, work.id)) == _fields(work)
        assert _fields(await uow.labels.find_by_name(owner, LabelName("WORK"))) == _fields(work)
        assert await uow.labels.find_by_name(owner, LabelName("Home")) is None
        listed = await uow.labels.list_for_owner(owner)

    assert [label.name.value for label in listed] == ["Errands", "work", "Zebra"]


async def test_label_names_are_unique_per_owner_ignoring_case(engine: AsyncEngine) -> None:
    owner = _owner()
    await _store(engine, _label(owner, "Straße"))

    with pytest.raises(Conflict):
        # Casefolding, not just lower-casing: "ß" and "ss" are the same name.
        await _store(engine, _label(owner, "STRASSE"))
    await _store(engine, _label(_owner(), "Straße"))

    async with _uow(engine) as uow:
        assert [label.name.value for label in await uow.labels.list_for_owner(owner)] == ["Straße"]


async def test_changes_to_users_lists_and_labels_persist_on_commit(engine: AsyncEngine) -> None:
    owner = _owner()
    user, todo_list, label = _user(), _list(owner, "Before"), _label(owner, "before")
    await _store(engine, user, todo_list, label)

    async with _uow(engine) as uow:
        stored_user = await uow.users.get(user.id)
        stored_list = await uow.lists.get(owner, todo_list.id)
        stored_label = await uow.labels.get(owner, label.id)
        assert stored_user is not None
        assert stored_list is not None
        assert stored_label is not None
        stored_user.email = EmailAddress("renamed@example.org")
        stored_user.email_verified = False
        stored_user._bump_version()
        stored_list.name, stored_list.position = ListName("After"), 8
        stored_list.updated_at = LATER
        stored_list._bump_version()
        stored_label.colour = Colour("#000000")
        stored_label._bump_version()
        stored_label.name = LabelName("after")
        stored_label._bump_version()
        await uow.commit()

    async with _uow(engine) as uow:
        assert _fields(await uow.users.get(user.id)) == _fields(stored_user)
        assert _fields(await uow.lists.get(owner, todo_list.id)) == _fields(stored_list)
        reloaded_label = await uow.labels.get(owner, label.id)
        # The name key moved with the name: the old name is free, the new one is found.
        assert await uow.labels.find_by_name(owner, LabelName("BEFORE")) is None
        assert await uow.labels.find_by_name(owner, LabelName("AFTER")) is reloaded_label
    assert _fields(reloaded_label) == _fields(stored_label)
    assert stored_user.version == 2
    assert stored_label.version == 3


async def test_a_rename_onto_a_taken_name_is_a_conflict_and_nothing_changes(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    home, work = _label(owner, "Home"), _label(owner, "Work")
    await _store(engine, home, work)

    async def rename_work_to_home() -> None:
        async with _uow(engine) as uow:
            stored = await uow.labels.get(owner, work.id)
            assert stored is not None
            stored.name = LabelName("home")
            stored._bump_version()
            await uow.commit()

    with pytest.raises(Conflict):
        await rename_work_to_home()

    async with _uow(engine) as uow:
        assert _fields(await uow.labels.get(owner, work.id)) == _fields(work)


async def test_of_two_units_changing_one_label_only_the_first_commit_wins(
    engine: AsyncEngine,
) -> None:
    skip_overlapping_units_on_sqlite(engine.dialect.name)
    owner = _owner()
    label = _label(owner, "Shared")
    await _store(engine, label)

    async with _uow(engine) as first, _uow(engine) as second:
        mine = await first.labels.get(owner, label.id)
        theirs = await second.labels.get(owner, label.id)
        assert mine is not None
        assert theirs is not None
        mine.colour = Colour("#111111")
        mine._bump_version()
        theirs.colour = Colour("#222222")
        theirs._bump_version()
        await first.commit()
        with pytest.raises(PreconditionFailed):
            await second.commit()

    async with _uow(engine) as uow:
        stored = await uow.labels.get(owner, label.id)
    assert stored is not None
    assert (stored.colour, stored.version) == (Colour("#111111"), 2)


async def test_a_unit_that_only_read_commits_whatever_others_did(engine: AsyncEngine) -> None:
    skip_overlapping_units_on_sqlite(engine.dialect.name)
    owner = _owner()
    todo_list = _list(owner, "Read only")
    await _store(engine, todo_list)

    async with _uow(engine) as reader, _uow(engine) as writer:
        assert await reader.lists.get(owner, todo_list.id) is not None
        changed = await writer.lists.get(owner, todo_list.id)
        assert changed is not None
        changed.position = 5
        changed._bump_version()
        await writer.commit()
        # Nothing the reader loaded grew a version, so it writes nothing and cannot conflict.
        await reader.commit()


async def test_removing_deletes_and_a_stale_remove_is_precondition_failed(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    todo_list, label, contested = _list(owner, "Gone"), _label(owner, "Gone"), _label(owner, "Hot")
    await _store(engine, todo_list, label, contested)

    async with _uow(engine) as uow:
        stored_list = await uow.lists.get(owner, todo_list.id)
        stored_label = await uow.labels.get(owner, label.id)
        assert stored_list is not None
        assert stored_label is not None
        await uow.lists.remove(stored_list)
        await uow.labels.remove(stored_label)
        assert await uow.lists.get(owner, todo_list.id) is None
        await uow.commit()

    if engine.dialect.name == "sqlite":
        # One writer at a time (ADR 0013): no unit overlaps the change, so it is made alone.
        async with _uow(engine) as uow:
            mine = await uow.labels.get(owner, contested.id)
            assert mine is not None
            mine.name = LabelName("Hotter")
            mine._bump_version()
            await uow.commit()
    else:
        async with _uow(engine) as first, _uow(engine) as second:
            mine = await first.labels.get(owner, contested.id)
            theirs = await second.labels.get(owner, contested.id)
            assert mine is not None
            assert theirs is not None
            mine.name = LabelName("Hotter")
            mine._bump_version()
            await first.commit()
            with pytest.raises(PreconditionFailed):
                await second.labels.remove(theirs)

    async def remove_the_callers_stale_copy() -> None:
        async with _uow(engine) as uow:
            # Never loaded in this unit: checked against the version the caller holds (1).
            await uow.labels.remove(contested)

    with pytest.raises(PreconditionFailed):
        await remove_the_callers_stale_copy()

    async with _uow(engine) as uow:
        assert await uow.lists.get(owner, todo_list.id) is None
        assert await uow.labels.get(owner, label.id) is None
        assert [label.name.value for label in await uow.labels.list_for_owner(owner)] == ["Hotter"]


async def test_another_owner_gets_none_of_them(engine: AsyncEngine) -> None:
    owner, stranger = _owner(), _owner()
    todo_list, label = _list(owner, "Private", is_inbox=True), _label(owner, "Private")
    await _store(engine, todo_list, label)

    async with _uow(engine) as uow:
        assert await uow.lists.get(stranger, todo_list.id) is None
        assert await uow.lists.get_inbox(stranger) is None
        assert await uow.lists.find_active_by_name(stranger, ListName("Private")) is None
        assert await uow.lists.list_for_owner(stranger, limit=10, include_archived=True) == []
        assert await uow.lists.last_position(stranger) is None
        assert await uow.labels.get(stranger, label.id) is None
        assert await uow.labels.find_by_name(stranger, LabelName("Private")) is None
        assert await uow.labels.list_for_owner(stranger) == []


async def test_a_unit_sees_its_own_changes_through_one_object_per_row(
    engine: AsyncEngine,
) -> None:
    owner = _owner()
    todo_list = _list(owner, "Old name")
    await _store(engine, todo_list)

    async with _uow(engine) as uow:
        loaded = await uow.lists.get(owner, todo_list.id)
        assert loaded is not None
        loaded.name = ListName("New name")
        loaded._bump_version()
        # Queries see the change before commit, and hand out the object already loaded.
        assert await uow.lists.find_active_by_name(owner, ListName("old name")) is None
        assert await uow.lists.find_active_by_name(owner, ListName("new name")) is loaded
        assert await uow.lists.list_for_owner(owner, limit=10) == [loaded]
        assert (await uow.lists.list_for_owner(owner, limit=10))[0] is loaded
        await uow.commit()

    async with _uow(engine) as uow:
        stored = await uow.lists.get(owner, todo_list.id)
    assert stored is not None
    assert (stored.name, stored.version) == (ListName("New name"), 2)


async def test_events_of_every_seen_aggregate_reach_the_outbox(engine: AsyncEngine) -> None:
    owner = _owner()
    label = _label(owner, "Before")
    await _store(engine, label)

    async with _uow(engine) as uow:
        stored = await uow.labels.get(owner, label.id)
        assert stored is not None
        stored.name = LabelName("After")
        stored._bump_version()
        stored.record(
            LabelRenamed(occurred_at=LATER, label_id=label.id, owner_id=owner, name="After")
        )
        await uow.commit()

    assert await _event_types_for(engine, label.id) == ["todo.label.renamed.v1"]


async def test_a_todo_change_persists_on_commit(engine: AsyncEngine) -> None:
    owner = _owner()
    todo = _todo(owner, "first draft")
    await _store(engine, todo)

    async with _uow(engine) as uow:
        stored = await uow.todos.get(owner, todo.id)
        assert stored is not None
        stored.title = Title("final draft")
        stored.updated_at = LATER
        stored._bump_version()
        await uow.commit()

    async with _uow(engine) as uow:
        reloaded = await uow.todos.get(owner, todo.id)
    assert reloaded is not None
    assert (reloaded.title, reloaded.updated_at, reloaded.version) == (
        Title("final draft"),
        LATER,
        2,
    )


async def test_of_two_units_changing_one_todo_only_the_first_commit_wins(
    engine: AsyncEngine,
) -> None:
    skip_overlapping_units_on_sqlite(engine.dialect.name)
    owner = _owner()
    todo = _todo(owner, "contested")
    await _store(engine, todo)

    async with _uow(engine) as first, _uow(engine) as second:
        mine = await first.todos.get(owner, todo.id)
        theirs = await second.todos.get(owner, todo.id)
        assert mine is not None
        assert theirs is not None
        mine.title = Title("mine")
        mine._bump_version()
        theirs.title = Title("theirs")
        theirs._bump_version()
        await first.commit()
        with pytest.raises(PreconditionFailed):
            await second.commit()

    async with _uow(engine) as uow:
        stored = await uow.todos.get(owner, todo.id)
    assert stored is not None
    assert (stored.title, stored.version) == (Title("mine"), 2)
