from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from todo_core.domain.ids import LabelId, TodoId
from todo_core.domain.label_events import LabelDeleted
from todo_core.domain.notes import Notes
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.domain.todo_events import TodoUpdated
from todo_core.errors import NotFound, PreconditionFailed
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.delete_label import DeleteLabel, DeleteLabelCommand
from todo_core.use_cases.shared.label_view import LabelView


@pytest.fixture
def delete(uow: UnitOfWorkFactory, clock: FixedClock) -> DeleteLabel:
    return DeleteLabel(uow=uow, clock=clock)


@pytest.fixture
async def urgent(create_label: CreateLabel) -> LabelView:
    return await create_label(CreateLabelCommand(actor=ALICE, name="urgent"))


@pytest.fixture
async def later(create_label: CreateLabel) -> LabelView:
    return await create_label(CreateLabelCommand(actor=ALICE, name="later"))


@pytest.fixture
def add_todo(uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds) -> _TodoMaker:
    return _TodoMaker(uow, clock, ids)


class _TodoMaker:
    def __init__(self, uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids

    async def __call__(self, *labels: LabelId, trashed: bool = False) -> TodoId:
        todo = Todo.create(
            todo_id=TodoId(self._ids.new_id()),
            owner_id=ALICE,
            title=Title("a todo"),
            notes=Notes(),
            now=self._clock.now(),
            labels=labels,
        )
        if trashed:
            todo.trash(self._clock.now())
        async with self._uow() as uow:
            await uow.todos.add(todo)
            await uow.commit()
        return todo.id


async def test_deleting_removes_the_label_from_every_todo_in_one_commit(
    *,
    delete: DeleteLabel,
    urgent: LabelView,
    later: LabelView,
    add_todo: _TodoMaker,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    both = await add_todo(urgent.id, later.id)
    only = await add_todo(urgent.id)
    binned = await add_todo(urgent.id, trashed=True)
    store.outbox.clear()
    clock.advance(timedelta(hours=1))

    await delete(DeleteLabelCommand(actor=ALICE, label_id=urgent.id, expected_version=1))

    assert urgent.id not in store.labels.rows
    assert store.todos.rows[both].labels == frozenset({later.id})
    assert store.todos.rows[only].labels == frozenset()
    # A restored todo must not come back with a label that no longer exists.
    assert store.todos.rows[binned].labels == frozenset()
    assert store.outbox[0] == LabelDeleted(
        occurred_at=clock.now(), label_id=urgent.id, owner_id=ALICE
    )
    updates = store.outbox[1:]
    assert all(isinstance(e, TodoUpdated) and e.changed == ("labels",) for e in updates)
    assert {event.aggregate_id for event in updates} == {both, only, binned}


async def test_todos_without_the_label_are_left_alone(
    delete: DeleteLabel,
    urgent: LabelView,
    later: LabelView,
    add_todo: _TodoMaker,
    store: InMemoryStore,
) -> None:
    other = await add_todo(later.id)
    store.outbox.clear()

    await delete(DeleteLabelCommand(actor=ALICE, label_id=urgent.id))

    assert (store.todos.rows[other].labels, store.todos.rows[other].version) == (
        frozenset({later.id}),
        1,
    )
    assert [type(event).__name__ for event in store.outbox] == ["LabelDeleted"]


async def test_a_deleted_labels_name_can_be_used_again(
    delete: DeleteLabel, urgent: LabelView, create_label: CreateLabel
) -> None:
    await delete(DeleteLabelCommand(actor=ALICE, label_id=urgent.id))
    assert (await create_label(CreateLabelCommand(actor=ALICE, name="Urgent"))).id != urgent.id


async def test_a_stale_expected_version_is_refused_and_nothing_changes(
    delete: DeleteLabel, urgent: LabelView, add_todo: _TodoMaker, store: InMemoryStore
) -> None:
    todo_id = await add_todo(urgent.id)
    store.outbox.clear()

    with pytest.raises(PreconditionFailed):
        await delete(DeleteLabelCommand(actor=ALICE, label_id=urgent.id, expected_version=3))

    assert urgent.id in store.labels.rows
    assert store.todos.rows[todo_id].labels == frozenset({urgent.id})
    assert store.outbox == []


async def test_another_users_label_is_not_found_and_nothing_changes(
    delete: DeleteLabel, urgent: LabelView, add_todo: _TodoMaker, store: InMemoryStore
) -> None:
    todo_id = await add_todo(urgent.id)
    store.outbox.clear()

    with pytest.raises(NotFound):
        await delete(DeleteLabelCommand(actor=BOB, label_id=urgent.id))

    assert urgent.id in store.labels.rows
    assert store.todos.rows[todo_id].labels == frozenset({urgent.id})
    assert store.outbox == []
