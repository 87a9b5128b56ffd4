"""Fixtures for the account, list and label use cases: the in-memory store and a fake hasher."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fake_password_hasher import FakePasswordHasher
from tests.support.fakes import FixedClock, SequentialIds
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_core.use_cases.create_label import CreateLabel
from todo_core.use_cases.create_list import CreateList
from todo_core.use_cases.register_user import RegisterUser, RegisterUserCommand
from todo_core.use_cases.signed_cursor import CursorCodec
from todo_core.use_cases.user_view import UserView

# Ann's password in every test that registers her.
ANN_PHRASE = "correct horse"


@pytest.fixture
def uow(store: InMemoryStore) -> UnitOfWorkFactory:
    def make() -> UnitOfWork:
        return InMemoryUnitOfWork(store)

    return make


@pytest.fixture
def hasher() -> FakePasswordHasher:
    return FakePasswordHasher()


@pytest.fixture
async def ann(
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    ids: SequentialIds,
    hasher: FakePasswordHasher,
    store: InMemoryStore,
) -> UserView:
    """A registered user, with the outbox and the hasher's counters reset after registering."""
    register = RegisterUser(uow=uow, clock=clock, ids=ids, hasher=hasher)
    view = await register(
        RegisterUserCommand(email="ann@example.org", password=ANN_PHRASE, display_name="Ann")
    )
    store.outbox.clear()
    hasher.hash_calls = hasher.verify_calls = 0
    hasher.verified_against.clear()
    return view


@pytest.fixture
def create_list(uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds) -> CreateList:
    return CreateList(uow=uow, clock=clock, ids=ids)


@pytest.fixture
def create_label(uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds) -> CreateLabel:
    return CreateLabel(uow=uow, clock=clock, ids=ids)


@pytest.fixture
def cursors() -> CursorCodec:
    return CursorCodec(b"unit-test-cursor-secret")
