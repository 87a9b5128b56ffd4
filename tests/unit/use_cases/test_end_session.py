from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.unit.use_cases.conftest import ANN_PHRASE
from tests.unit.use_cases.session_helpers import stored, stored_tokens
from todo_core.errors import Unauthorized
from todo_core.use_cases.authenticate_user import AuthenticateUserCommand
from todo_core.use_cases.end_session import EndSession, EndSessionCommand
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.refresh_session import RefreshSession, RefreshSessionCommand
from todo_core.use_cases.shared.session_tokens import SessionTokens
from todo_core.use_cases.shared.user_view import UserView

UNKNOWN = "never-issued"


async def test_logout_kills_the_whole_family_and_only_that_one(
    *,
    ann: UserView,
    ann_session: SessionTokens,
    issue_session: IssueSession,
    refresh_session: RefreshSession,
    end_session: EndSession,
    store: InMemoryStore,
) -> None:
    other_device = await issue_session(
        AuthenticateUserCommand(email=ann.email, password=ANN_PHRASE)
    )
    current = await refresh_session(RefreshSessionCommand(refresh_token=ann_session.refresh_token))

    # Any token of the family will do, even the spent first one.
    await end_session(EndSessionCommand(refresh_token=ann_session.refresh_token))

    family = stored(store, current.refresh_token).family_id
    assert all(
        token.revoked_at is not None for token in stored_tokens(store) if token.family_id == family
    )
    with pytest.raises(Unauthorized):
        await refresh_session(RefreshSessionCommand(refresh_token=current.refresh_token))
    assert stored(store, other_device.refresh_token).revoked_at is None
    await refresh_session(RefreshSessionCommand(refresh_token=other_device.refresh_token))


async def test_logout_with_an_unknown_token_is_a_quiet_no_op(
    ann_session: SessionTokens, end_session: EndSession, store: InMemoryStore
) -> None:
    before = [(token.id, token.version) for token in stored_tokens(store)]

    await end_session(EndSessionCommand(refresh_token=UNKNOWN))

    assert [(token.id, token.version) for token in stored_tokens(store)] == before


async def test_logging_out_twice_is_no_error(
    ann_session: SessionTokens, end_session: EndSession
) -> None:
    await end_session(EndSessionCommand(refresh_token=ann_session.refresh_token))
    await end_session(EndSessionCommand(refresh_token=ann_session.refresh_token))
