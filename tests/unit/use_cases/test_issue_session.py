from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fake_token_service import ACCESS_TOKEN_SECONDS, FakeTokenService
from tests.unit.use_cases.conftest import ANN_PHRASE
from tests.unit.use_cases.session_helpers import contains_raw, stored, stored_tokens
from todo_core.errors import Unauthorized
from todo_core.use_cases.authenticate_user import AuthenticateUserCommand
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.shared.session_tokens import SessionTokens
from todo_core.use_cases.shared.user_view import UserView

WRONG = "not the phrase"


async def test_login_returns_a_bearer_pair_and_stores_only_the_refresh_tokens_hash(
    ann: UserView,
    ann_session: SessionTokens,
    store: InMemoryStore,
    tokens: FakeTokenService,
) -> None:
    assert ann_session.token_type == "Bearer"  # noqa: S105 - the scheme
    assert ann_session.expires_in == ACCESS_TOKEN_SECONDS
    assert tokens.verify_access_token(ann_session.access_token) == ann.id
    # token_urlsafe(32): 256 bits in 43 characters.
    assert len(ann_session.refresh_token) >= 43
    token = stored(store, ann_session.refresh_token)
    assert (token.user_id, token.parent_id, token.used_at, token.revoked_at) == (
        ann.id,
        None,
        None,
        None,
    )
    assert not contains_raw(store, ann_session.refresh_token)
    # Nothing about sessions travels through the outbox.
    assert store.outbox == []


async def test_the_tokens_never_show_in_a_repr(ann_session: SessionTokens) -> None:
    assert ann_session.refresh_token not in repr(ann_session)
    assert ann_session.access_token not in repr(ann_session)


async def test_each_login_starts_a_family_of_its_own(
    ann: UserView, issue_session: IssueSession, store: InMemoryStore
) -> None:
    command = AuthenticateUserCommand(email=ann.email, password=ANN_PHRASE)
    first, second = await issue_session(command), await issue_session(command)

    assert first.refresh_token != second.refresh_token
    assert (
        stored(store, first.refresh_token).family_id
        != stored(store, second.refresh_token).family_id
    )


async def test_a_wrong_password_issues_nothing(
    ann: UserView, issue_session: IssueSession, store: InMemoryStore
) -> None:
    with pytest.raises(Unauthorized):
        await issue_session(AuthenticateUserCommand(email=ann.email, password=WRONG))
    assert stored_tokens(store) == []
