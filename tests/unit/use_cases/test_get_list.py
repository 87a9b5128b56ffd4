from __future__ import annotations

from uuid import uuid4

import pytest

from tests.unit.conftest import ALICE, BOB
from todo_core.domain.ids import ListId
from todo_core.errors import NotFound
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.get_list import GetList, GetListQuery


@pytest.fixture
def get_list(uow: UnitOfWorkFactory) -> GetList:
    return GetList(uow=uow)


async def test_returns_the_actors_list(get_list: GetList, create_list: CreateList) -> None:
    created = await create_list(CreateListCommand(actor=ALICE, name="Work"))
    assert await get_list(GetListQuery(actor=ALICE, list_id=created.id)) == created


async def test_another_users_list_looks_exactly_like_a_missing_one(
    get_list: GetList, create_list: CreateList
) -> None:
    created = await create_list(CreateListCommand(actor=ALICE, name="Work"))

    with pytest.raises(NotFound) as theirs:
        await get_list(GetListQuery(actor=BOB, list_id=created.id))
    missing_id = ListId(uuid4())
    with pytest.raises(NotFound) as missing:
        await get_list(GetListQuery(actor=BOB, list_id=missing_id))

    assert str(theirs.value) == str(missing.value).replace(str(missing_id), str(created.id))
