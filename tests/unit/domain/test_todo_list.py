from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import ListId, UserId
from todo_core.domain.list_events import (
    ListArchived,
    ListCreated,
    ListDeleted,
    ListMoved,
    ListRenamed,
    ListUnarchived,
)
from todo_core.domain.list_name import ListName
from todo_core.domain.todo_list import MAX_LIST_POSITION, TodoList
from todo_core.errors import Conflict, ValidationFailed

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
OWNER = UserId(UUID(int=1))
LIST_ID = ListId(UUID(int=2))


def _list(position: int = 3) -> TodoList:
    todo_list = TodoList.create(
        list_id=LIST_ID, owner_id=OWNER, name=ListName("Work"), position=position, now=NOW
    )
    todo_list.pull_events()
    return todo_list


def _inbox() -> TodoList:
    inbox = TodoList.create_inbox(list_id=LIST_ID, owner_id=OWNER, now=NOW)
    inbox.pull_events()
    return inbox


def test_a_new_list_is_active_at_version_one_and_says_so() -> None:
    todo_list = TodoList.create(
        list_id=LIST_ID, owner_id=OWNER, name=ListName("Work"), position=3, now=NOW
    )
    assert (todo_list.archived, todo_list.is_inbox, todo_list.version) == (False, False, 1)
    assert todo_list.created_at == todo_list.updated_at == NOW
    assert todo_list.pull_events() == [
        ListCreated(
            occurred_at=NOW,
            list_id=LIST_ID,
            owner_id=OWNER,
            name="Work",
            position=3,
            is_inbox=False,
        )
    ]


def test_the_inbox_is_named_inbox_and_comes_first() -> None:
    inbox = TodoList.create_inbox(list_id=LIST_ID, owner_id=OWNER, now=NOW)
    assert (inbox.name.value, inbox.position, inbox.is_inbox) == ("Inbox", 0, True)
    (event,) = inbox.pull_events()
    assert isinstance(event, ListCreated)
    assert event.is_inbox


@pytest.mark.parametrize("position", [-1, MAX_LIST_POSITION + 1])
def test_a_position_out_of_range_is_refused(position: int) -> None:
    with pytest.raises(ValidationFailed) as error:
        TodoList.create(
            list_id=LIST_ID, owner_id=OWNER, name=ListName("Work"), position=position, now=NOW
        )
    assert error.value.field == "position"


def test_renaming_bumps_the_version_and_records_the_new_name() -> None:
    todo_list = _list()
    assert todo_list.rename(ListName("Job"), LATER) is True
    assert (todo_list.name.value, todo_list.version, todo_list.updated_at) == ("Job", 2, LATER)
    assert todo_list.pull_events() == [
        ListRenamed(occurred_at=LATER, list_id=LIST_ID, owner_id=OWNER, name="Job")
    ]


def test_renaming_to_the_same_name_changes_nothing() -> None:
    todo_list = _list()
    assert todo_list.rename(ListName("Work"), LATER) is False
    assert (todo_list.version, todo_list.updated_at, todo_list.pull_events()) == (1, NOW, [])


def test_a_change_of_case_alone_is_a_rename() -> None:
    todo_list = _list()
    assert todo_list.rename(ListName("WORK"), LATER) is True


def test_moving_records_the_new_position() -> None:
    todo_list = _list(position=3)
    assert todo_list.move_to(7, LATER) is True
    assert (todo_list.position, todo_list.version) == (7, 2)
    assert todo_list.pull_events() == [
        ListMoved(occurred_at=LATER, list_id=LIST_ID, owner_id=OWNER, position=7)
    ]


def test_moving_to_the_same_position_changes_nothing() -> None:
    todo_list = _list(position=3)
    assert todo_list.move_to(3, LATER) is False
    assert (todo_list.version, todo_list.pull_events()) == (1, [])


def test_moving_out_of_range_is_refused() -> None:
    todo_list = _list()
    with pytest.raises(ValidationFailed):
        todo_list.move_to(-1, LATER)
    assert (todo_list.position, todo_list.version) == (3, 1)


def test_archiving_then_unarchiving_records_both_and_repeats_are_no_ops() -> None:
    todo_list = _list()
    assert todo_list.archive(LATER) is True
    assert todo_list.archive(LATER) is False
    assert (todo_list.archived, todo_list.version) == (True, 2)
    assert todo_list.unarchive(LATER) is True
    assert todo_list.unarchive(LATER) is False
    assert (todo_list.archived, todo_list.version) == (False, 3)
    assert todo_list.pull_events() == [
        ListArchived(occurred_at=LATER, list_id=LIST_ID, owner_id=OWNER),
        ListUnarchived(occurred_at=LATER, list_id=LIST_ID, owner_id=OWNER),
    ]


def test_the_inbox_cannot_be_archived() -> None:
    inbox = _inbox()
    with pytest.raises(Conflict, match="Inbox"):
        inbox.archive(LATER)
    assert (inbox.archived, inbox.version, inbox.pull_events()) == (False, 1, [])


def test_marking_deleted_records_the_deletion_and_keeps_the_version() -> None:
    todo_list = _list()
    todo_list.mark_deleted(LATER)
    assert todo_list.version == 1
    assert todo_list.pull_events() == [
        ListDeleted(occurred_at=LATER, list_id=LIST_ID, owner_id=OWNER)
    ]


def test_the_inbox_cannot_be_deleted() -> None:
    inbox = _inbox()
    with pytest.raises(Conflict, match="Inbox"):
        inbox.mark_deleted(LATER)
    assert inbox.pull_events() == []


def test_the_inbox_may_be_renamed_and_moved() -> None:
    inbox = _inbox()
    assert inbox.rename(ListName("Eingang"), LATER)
    assert inbox.move_to(5, LATER)
    assert inbox.is_inbox


@pytest.mark.parametrize(
    ("event", "wire_type"),
    [
        (ListCreated, "todo.list.created.v1"),
        (ListRenamed, "todo.list.renamed.v1"),
        (ListMoved, "todo.list.moved.v1"),
        (ListArchived, "todo.list.archived.v1"),
        (ListUnarchived, "todo.list.unarchived.v1"),
        (ListDeleted, "todo.list.deleted.v1"),
    ],
)
def test_list_events_have_versioned_wire_types(event: type[DomainEvent], wire_type: str) -> None:
    assert event.event_type() == wire_type


def test_list_events_are_keyed_by_the_list() -> None:
    assert ListArchived(occurred_at=NOW, list_id=LIST_ID, owner_id=OWNER).aggregate_id == LIST_ID
