"""One PATCH of a list is one transaction: archive, rename, unarchive and move apply together or
not at all, and a change naming no field is refused. (Each change alone: test_patch_list_*.)"""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE
from tests.unit.use_cases.todo_support import nothing_changes
from todo_core.domain.list_events import ListMoved, ListRenamed, ListUnarchived
from todo_core.errors import Conflict, ValidationFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.user_view import UserView


@pytest.fixture
def patch(uow: UnitOfWorkFactory, clock: FixedClock) -> PatchList:
    return PatchList(uow=uow, clock=clock)


@pytest.fixture
async def archived(create_list: CreateList, patch: PatchList, store: InMemoryStore) -> ListView:
    view = await create_list(CreateListCommand(actor=ALICE, name="Old"))
    view = await patch(PatchListCommand(actor=ALICE, list_id=view.id, archived=True))
    store.outbox.clear()
    return view


async def test_a_change_without_any_field_is_refused(
    patch: PatchList, create_list: CreateList, store: InMemoryStore
) -> None:
    work = await create_list(CreateListCommand(actor=ALICE, name="Work"))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await patch(PatchListCommand(actor=ALICE, list_id=work.id))
    assert "name, position, archived" in error.value.message


async def test_unarchive_rename_and_move_commit_together(
    patch: PatchList, archived: ListView, store: InMemoryStore
) -> None:
    view = await patch(
        PatchListCommand(
            actor=ALICE,
            list_id=archived.id,
            name="Current",
            position=7,
            archived=False,
            expected_version=archived.version,
        )
    )

    assert (view.name, view.position, view.archived) == ("Current", 7, False)
    assert view.version == archived.version + 3
    assert [type(event) for event in store.outbox] == [ListRenamed, ListUnarchived, ListMoved]


async def test_a_rename_is_not_kept_when_the_unarchive_is_refused(
    patch: PatchList, create_list: CreateList, archived: ListView, store: InMemoryStore
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Taken"))

    # An archived list may take any name, but this one would come back under a taken one.
    with nothing_changes(store), pytest.raises(Conflict):
        await patch(
            PatchListCommand(actor=ALICE, list_id=archived.id, name="taken", archived=False)
        )


async def test_an_archived_list_may_be_renamed_to_a_taken_name_while_it_stays_archived(
    patch: PatchList, create_list: CreateList, archived: ListView
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Taken"))

    view = await patch(PatchListCommand(actor=ALICE, list_id=archived.id, name="Taken"))

    assert (view.name, view.archived) == ("Taken", True)


async def test_archiving_frees_the_check_of_a_new_name(
    patch: PatchList, create_list: CreateList
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Taken"))
    work = await create_list(CreateListCommand(actor=ALICE, name="Work"))

    view = await patch(PatchListCommand(actor=ALICE, list_id=work.id, name="Taken", archived=True))

    assert (view.name, view.archived) == ("Taken", True)


async def test_a_move_is_not_kept_when_the_rename_is_refused(
    patch: PatchList, create_list: CreateList, store: InMemoryStore
) -> None:
    await create_list(CreateListCommand(actor=ALICE, name="Taken"))
    work = await create_list(CreateListCommand(actor=ALICE, name="Work"))

    with nothing_changes(store), pytest.raises(Conflict):
        await patch(PatchListCommand(actor=ALICE, list_id=work.id, position=9, name="Taken"))


async def test_a_rename_of_the_inbox_is_not_kept_when_archiving_it_is_refused(
    patch: PatchList, ann: UserView, store: InMemoryStore
) -> None:
    (inbox,) = store.lists.rows.values()

    with nothing_changes(store), pytest.raises(Conflict, match="Inbox"):
        await patch(PatchListCommand(actor=ann.id, list_id=inbox.id, name="Mine", archived=True))
