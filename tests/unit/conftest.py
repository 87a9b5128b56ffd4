"""Unit fixtures: the core wired to the in-memory adapters and deterministic ports."""

from __future__ import annotations

from uuid import UUID

import pytest

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from tests.support.fakes import FixedClock, SequentialIds
from todo_core import Application, Ports
from todo_core.domain import UserId

ALICE = UserId(UUID("00000000-0000-4000-8000-00000000a11c"))
BOB = UserId(UUID("00000000-0000-4000-8000-000000000b0b"))


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds()


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return Application(Ports(uow=lambda: InMemoryUnitOfWork(store), clock=clock, ids=ids))
