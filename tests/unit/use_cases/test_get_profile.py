from __future__ import annotations

from uuid import uuid4

import pytest

from todo_core.domain.ids import UserId
from todo_core.errors import NotFound
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.get_profile import GetProfile, GetProfileQuery
from todo_core.use_cases.shared.user_view import UserView


async def test_shows_the_actors_own_account(uow: UnitOfWorkFactory, ann: UserView) -> None:
    assert await GetProfile(uow=uow)(GetProfileQuery(actor=ann.id)) == ann


async def test_an_unknown_account_is_not_found(uow: UnitOfWorkFactory) -> None:
    with pytest.raises(NotFound):
        await GetProfile(uow=uow)(GetProfileQuery(actor=UserId(uuid4())))
