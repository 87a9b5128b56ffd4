"""Fixtures for the account, session, list and label use cases: the in-memory store, a fake
hasher and a fake token service."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryCommonPasswords, InMemoryStore, InMemoryUnitOfWork
from tests.support.fake_password_hasher import FakePasswordHasher
from tests.support.fake_token_service import FakeTokenService
from tests.support.fakes import FixedClock, SequentialIds
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_core.use_cases.authenticate_user import AuthenticateUser, AuthenticateUserCommand
from todo_core.use_cases.create_label import CreateLabel
from todo_core.use_cases.create_list import CreateList
from todo_core.use_cases.end_session import EndSession
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.refresh_session import RefreshSession
from todo_core.use_cases.register_user import RegisterUser, RegisterUserCommand
from todo_core.use_cases.shared.session_tokens import SessionTokens
from todo_core.use_cases.shared.signed_cursor import CursorCodec
from todo_core.use_cases.shared.user_view import UserView

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
    register = RegisterUser(
        uow=uow, clock=clock, ids=ids, hasher=hasher, common_passwords=InMemoryCommonPasswords()
    )
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


@pytest.fixture
def tokens() -> FakeTokenService:
    return FakeTokenService()


@pytest.fixture
def issue_session(
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    ids: SequentialIds,
    hasher: FakePasswordHasher,
    tokens: FakeTokenService,
) -> IssueSession:
    authenticate = AuthenticateUser(uow=uow, clock=clock, hasher=hasher)
    return IssueSession(uow=uow, clock=clock, ids=ids, tokens=tokens, authenticate=authenticate)


@pytest.fixture
def refresh_session(
    uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, tokens: FakeTokenService
) -> RefreshSession:
    return RefreshSession(uow=uow, clock=clock, ids=ids, tokens=tokens)


@pytest.fixture
def end_session(uow: UnitOfWorkFactory, clock: FixedClock) -> EndSession:
    return EndSession(uow=uow, clock=clock)


@pytest.fixture
async def ann_session(ann: UserView, issue_session: IssueSession) -> SessionTokens:
    """Ann, logged in once: the first pair of a new family."""
    return await issue_session(AuthenticateUserCommand(email=ann.email, password=ANN_PHRASE))
