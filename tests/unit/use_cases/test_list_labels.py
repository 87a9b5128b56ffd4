from __future__ import annotations

import pytest

from tests.unit.conftest import ALICE, BOB
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.list_labels import ListLabels, ListLabelsQuery


@pytest.fixture
def list_labels(uow: UnitOfWorkFactory) -> ListLabels:
    return ListLabels(uow=uow)


async def test_no_labels_is_an_empty_listing(list_labels: ListLabels) -> None:
    assert await list_labels(ListLabelsQuery(actor=ALICE)) == ()


async def test_labels_come_by_name_ignoring_case_and_only_the_actors(
    list_labels: ListLabels, create_label: CreateLabel
) -> None:
    await create_label(CreateLabelCommand(actor=BOB, name="bob's"))
    for name in ("work", "Errand", "home", "Zebra"):
        await create_label(CreateLabelCommand(actor=ALICE, name=name))

    labels = await list_labels(ListLabelsQuery(actor=ALICE))

    assert [view.name for view in labels] == ["Errand", "home", "work", "Zebra"]
