from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fake_token_service import FakeTokenService
from tests.support.fakes import FixedClock
from tests.unit.use_cases.conftest import ANN_PHRASE
from tests.unit.use_cases.session_helpers import contains_raw, stored, stored_tokens
from todo_core.domain.refresh_token import INVALID_REFRESH_TOKEN
from todo_core.errors import PreconditionFailed, Unauthorized
from todo_core.use_cases.authenticate_user import AuthenticateUserCommand
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.refresh_session import RefreshSession, RefreshSessionCommand
from todo_core.use_cases.session_tokens import SessionTokens
from todo_core.use_cases.user_view import UserView


def _presenting(token: str) -> RefreshSessionCommand:
    return RefreshSessionCommand(refresh_token=token)


async def test_refresh_rotates_into_a_new_pair_of_the_same_family(
    *,
    ann: UserView,
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    tokens: FakeTokenService,
    clock: FixedClock,
) -> None:
    clock.advance(timedelta(minutes=20))
    rotated = await refresh_session(_presenting(ann_session.refresh_token))

    assert rotated.refresh_token != ann_session.refresh_token
    assert rotated.access_token != ann_session.access_token
    assert tokens.verify_access_token(rotated.access_token) == ann.id
    parent, child = stored(store, ann_session.refresh_token), stored(store, rotated.refresh_token)
    assert parent.used_at == clock.now()
    assert (child.parent_id, child.family_id) == (parent.id, parent.family_id)
    assert child.expires_at == clock.now() + timedelta(days=30)
    assert not contains_raw(store, rotated.refresh_token)


async def test_the_rotated_token_is_dead_and_reusing_it_revokes_the_whole_family(
    ann_session: SessionTokens, refresh_session: RefreshSession, store: InMemoryStore
) -> None:
    second = await refresh_session(_presenting(ann_session.refresh_token))
    newest = await refresh_session(_presenting(second.refresh_token))

    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(ann_session.refresh_token))

    # Committed although the call failed: every token, the newest included, is revoked.
    assert len(stored_tokens(store)) == 3
    assert all(token.revoked_at is not None for token in stored_tokens(store))
    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(newest.refresh_token))


async def test_reuse_leaves_the_users_other_logins_alone(
    ann: UserView,
    ann_session: SessionTokens,
    issue_session: IssueSession,
    refresh_session: RefreshSession,
    store: InMemoryStore,
) -> None:
    other_device = await issue_session(
        AuthenticateUserCommand(email=ann.email, password=ANN_PHRASE)
    )
    await refresh_session(_presenting(ann_session.refresh_token))
    with pytest.raises(Unauthorized):
        await refresh_session(_presenting(ann_session.refresh_token))

    assert stored(store, other_device.refresh_token).revoked_at is None
    await refresh_session(_presenting(other_device.refresh_token))


async def test_an_expired_token_is_refused_like_an_unknown_one_and_revokes_nothing(
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    with pytest.raises(Unauthorized) as unknown:
        await refresh_session(_presenting("never-issued"))
    clock.advance(timedelta(days=30))

    with pytest.raises(Unauthorized) as expired:
        await refresh_session(_presenting(ann_session.refresh_token))

    assert str(expired.value) == str(unknown.value) == INVALID_REFRESH_TOKEN
    token = stored(store, ann_session.refresh_token)
    assert (token.used_at, token.revoked_at, token.version) == (None, None, 1)


async def test_of_two_concurrent_refreshes_with_one_token_exactly_one_gets_a_pair(
    ann_session: SessionTokens, refresh_session: RefreshSession
) -> None:
    outcomes = await asyncio.gather(
        refresh_session(_presenting(ann_session.refresh_token)),
        refresh_session(_presenting(ann_session.refresh_token)),
        return_exceptions=True,
    )

    winners = [outcome for outcome in outcomes if isinstance(outcome, SessionTokens)]
    losers = [outcome for outcome in outcomes if not isinstance(outcome, SessionTokens)]
    assert len(winners) == 1
    assert len(losers) == 1
    assert isinstance(losers[0], PreconditionFailed | Unauthorized)
