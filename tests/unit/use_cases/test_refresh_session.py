from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fake_token_service import FakeTokenService
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.use_cases.conftest import ANN_PHRASE
from tests.unit.use_cases.session_helpers import contains_raw, stored, stored_tokens
from todo_core.domain.refresh_token import INVALID_REFRESH_TOKEN
from todo_core.errors import Unauthorized
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.authenticate_user import AuthenticateUserCommand
from todo_core.use_cases.end_session import EndSession, EndSessionCommand
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.refresh_session import (
    DEFAULT_REUSE_GRACE,
    RefreshSession,
    RefreshSessionCommand,
)
from todo_core.use_cases.shared.session_tokens import SessionTokens
from todo_core.use_cases.shared.user_view import UserView

TAB = "127.0.0.1\nFirefox"
THIEF = "203.0.113.9\ncurl/8.5"


def _presenting(token: str, client: str = TAB) -> RefreshSessionCommand:
    return RefreshSessionCommand(refresh_token=token, client=client)


def _family_is_intact(store: InMemoryStore) -> bool:
    return all(token.revoked_at is None for token in stored_tokens(store))


def _family_is_revoked(store: InMemoryStore) -> bool:
    return all(token.revoked_at is not None for token in stored_tokens(store))


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
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    second = await refresh_session(_presenting(ann_session.refresh_token))
    newest = await refresh_session(_presenting(second.refresh_token))
    clock.advance(DEFAULT_REUSE_GRACE)

    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(ann_session.refresh_token))

    # Committed although the call failed: every token, the newest included, is revoked.
    assert len(stored_tokens(store)) == 3
    assert all(token.revoked_at is not None for token in stored_tokens(store))
    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(newest.refresh_token))


async def test_reuse_leaves_the_users_other_logins_alone(
    *,
    ann: UserView,
    ann_session: SessionTokens,
    issue_session: IssueSession,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    other_device = await issue_session(
        AuthenticateUserCommand(email=ann.email, password=ANN_PHRASE)
    )
    await refresh_session(_presenting(ann_session.refresh_token))
    clock.advance(DEFAULT_REUSE_GRACE)
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


async def test_concurrent_refreshes_of_one_token_all_get_the_same_pair(
    ann_session: SessionTokens, refresh_session: RefreshSession, store: InMemoryStore
) -> None:
    outcomes = await asyncio.gather(
        *(refresh_session(_presenting(ann_session.refresh_token)) for _ in range(4))
    )

    assert len({(pair.access_token, pair.refresh_token) for pair in outcomes}) == 1
    assert len(stored_tokens(store)) == 2
    assert _family_is_intact(store)
    # The pair is the session's one live pair: it rotates on.
    await refresh_session(_presenting(outcomes[0].refresh_token))


async def test_the_same_client_within_the_window_gets_the_same_pair_again(
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    first = await refresh_session(_presenting(ann_session.refresh_token))
    clock.advance(DEFAULT_REUSE_GRACE - timedelta(milliseconds=1))

    again = await refresh_session(_presenting(ann_session.refresh_token))

    assert (again.access_token, again.refresh_token) == (first.access_token, first.refresh_token)
    assert len(stored_tokens(store)) == 2
    assert _family_is_intact(store)
    # Made again from the spent token and a stored salt, never stored itself.
    assert not contains_raw(store, first.refresh_token)


async def test_a_repeat_after_the_window_revokes_the_family(
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    first = await refresh_session(_presenting(ann_session.refresh_token))
    clock.advance(DEFAULT_REUSE_GRACE)

    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(ann_session.refresh_token))

    assert _family_is_revoked(store)
    with pytest.raises(Unauthorized):
        await refresh_session(_presenting(first.refresh_token))


async def test_another_client_within_the_window_revokes_the_family(
    ann_session: SessionTokens, refresh_session: RefreshSession, store: InMemoryStore
) -> None:
    first = await refresh_session(_presenting(ann_session.refresh_token))

    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(ann_session.refresh_token, client=THIEF))

    assert _family_is_revoked(store)
    with pytest.raises(Unauthorized):
        await refresh_session(_presenting(first.refresh_token))


async def test_a_repeat_after_the_successor_rotated_on_revokes_the_family(
    ann_session: SessionTokens, refresh_session: RefreshSession, store: InMemoryStore
) -> None:
    first = await refresh_session(_presenting(ann_session.refresh_token))
    await refresh_session(_presenting(first.refresh_token))

    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(ann_session.refresh_token))

    assert len(stored_tokens(store)) == 3
    assert _family_is_revoked(store)


async def test_a_repeat_after_logout_gets_nothing(
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    end_session: EndSession,
    store: InMemoryStore,
) -> None:
    first = await refresh_session(_presenting(ann_session.refresh_token))
    await end_session(EndSessionCommand(refresh_token=first.refresh_token))

    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        await refresh_session(_presenting(ann_session.refresh_token))
    assert _family_is_revoked(store)


async def test_without_a_window_any_reuse_revokes_the_family(
    *,
    ann_session: SessionTokens,
    store: InMemoryStore,
    uow: UnitOfWorkFactory,
    clock: FixedClock,
    ids: SequentialIds,
    tokens: FakeTokenService,
) -> None:
    refresh = RefreshSession(uow=uow, clock=clock, ids=ids, tokens=tokens, reuse_grace=timedelta(0))
    await refresh(_presenting(ann_session.refresh_token))

    with pytest.raises(Unauthorized):
        await refresh(_presenting(ann_session.refresh_token))
    assert _family_is_revoked(store)


async def test_a_token_spent_without_a_recorded_rotation_is_never_handed_out_again(
    ann_session: SessionTokens,
    refresh_session: RefreshSession,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    # As stored before rotations were recorded: spent, no successor to make again.
    stored(store, ann_session.refresh_token).use(clock.now())

    with pytest.raises(Unauthorized):
        await refresh_session(_presenting(ann_session.refresh_token))
    assert _family_is_revoked(store)


def test_a_negative_window_is_refused(
    uow: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, tokens: FakeTokenService
) -> None:
    with pytest.raises(ValueError, match="reuse_grace"):
        RefreshSession(
            uow=uow, clock=clock, ids=ids, tokens=tokens, reuse_grace=timedelta(seconds=-1)
        )
