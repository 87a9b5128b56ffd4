from __future__ import annotations

from uuid import uuid4

import pytest

from tests.unit.conftest import ALICE, BOB
from todo_core.domain.ids import LabelId
from todo_core.errors import NotFound
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.get_label import GetLabel, GetLabelQuery


@pytest.fixture
def get_label(uow: UnitOfWorkFactory) -> GetLabel:
    return GetLabel(uow=uow)


async def test_returns_the_actors_label(get_label: GetLabel, create_label: CreateLabel) -> None:
    created = await create_label(CreateLabelCommand(actor=ALICE, name="urgent"))
    assert await get_label(GetLabelQuery(actor=ALICE, label_id=created.id)) == created


async def test_another_users_label_is_not_found(
    get_label: GetLabel, create_label: CreateLabel
) -> None:
    created = await create_label(CreateLabelCommand(actor=ALICE, name="urgent"))
    with pytest.raises(NotFound):
        await get_label(GetLabelQuery(actor=BOB, label_id=created.id))


async def test_an_unknown_label_is_not_found(get_label: GetLabel) -> None:
    with pytest.raises(NotFound):
        await get_label(GetLabelQuery(actor=ALICE, label_id=LabelId(uuid4())))
