"""Refresh tokens on real SQLite and real PostgreSQL (one body each): the repository, the
unique hash, the family query, that two units racing to spend one token cannot both win, and
that concurrent refreshes of one token all get the same pair (the reuse grace window)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from adapters.system import Uuid7IdGenerator
from tests.support.fake_token_service import FakeTokenService
from tests.support.fakes import FixedClock
from tests.support.one_writer import skip_overlapping_units_on_sqlite
from todo_core import Conflict, PreconditionFailed, Unauthorized
from todo_core.domain.ids import RefreshTokenId, SessionFamilyId, UserId
from todo_core.domain.refresh_token import RefreshToken, Rotation, hash_refresh_token
from todo_core.use_cases.refresh_session import (
    DEFAULT_REUSE_GRACE,
    RefreshSession,
    RefreshSessionCommand,
)
from todo_core.use_cases.shared.session_tokens import SessionTokens

IDS = Uuid7IdGenerator()
# A non-UTC offset and microseconds: both must survive the round trip as the same instant.
WHEN = datetime(2026, 3, 29, 3, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2)))


def _uow(engine: AsyncEngine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine, ids=IDS)


def _token(
    *,
    family: SessionFamilyId | None = None,
    parent: RefreshToken | None = None,
    raw: str | None = None,
    now: datetime = WHEN,
) -> tuple[str, RefreshToken]:
    raw = raw or uuid4().hex
    token = RefreshToken.issue(
        token_id=RefreshTokenId(IDS.new_id()),
        user_id=UserId(uuid4()) if parent is None else parent.user_id,
        family_id=family or SessionFamilyId(IDS.new_id()),
        parent_id=None if parent is None else parent.id,
        token_hash=hash_refresh_token(raw),
        now=now,
    )
    return raw, token


def _fields(token: RefreshToken | None) -> dict[str, Any]:
    assert token is not None
    return {field.name: getattr(token, field.name) for field in dataclasses.fields(token)}


async def _store(engine: AsyncEngine, *tokens: RefreshToken) -> None:
    async with _uow(engine) as uow:
        for token in tokens:
            await uow.refresh_tokens.add(token)
        await uow.commit()


async def test_a_token_reads_back_equal_in_every_field(engine: AsyncEngine) -> None:
    _, first = _token()
    raw, child = _token(family=first.family_id, parent=first, now=WHEN + timedelta(minutes=1))
    child.used_at, child.revoked_at = WHEN + timedelta(hours=1), WHEN + timedelta(hours=2)
    child.rotation = Rotation(
        successor_id=RefreshTokenId(IDS.new_id()), salt="s" * 43, client="c" * 64
    )
    await _store(engine, first, child)

    async with _uow(engine) as uow:
        found = await uow.refresh_tokens.get_by_hash(hash_refresh_token(raw))
        by_id = await uow.refresh_tokens.get(child.id)
        parent = await uow.refresh_tokens.get(first.id)
        missing = await uow.refresh_tokens.get_by_hash(hash_refresh_token("never issued"))
        assert await uow.refresh_tokens.get(RefreshTokenId(uuid4())) is None

    assert _fields(found) == _fields(by_id) == _fields(child)
    assert _fields(parent) == _fields(first)
    assert found is not None
    assert found.expires_at.tzinfo is not None
    assert missing is None


async def test_a_stored_hash_is_unique(engine: AsyncEngine) -> None:
    raw, first = _token()
    await _store(engine, first)

    with pytest.raises(Conflict):
        await _store(engine, _token(raw=raw)[1])


async def test_in_family_finds_exactly_the_family_oldest_first(engine: AsyncEngine) -> None:
    _, first = _token()
    _, second = _token(family=first.family_id, parent=first, now=WHEN + timedelta(minutes=1))
    _, third = _token(family=first.family_id, parent=second, now=WHEN + timedelta(minutes=2))
    # Stored out of order, beside a stranger's family.
    await _store(engine, third, _token()[1], first, second)

    async with _uow(engine) as uow:
        family = await uow.refresh_tokens.in_family(first.family_id)
        assert await uow.refresh_tokens.in_family(SessionFamilyId(uuid4())) == []

    assert [token.id for token in family] == [first.id, second.id, third.id]


async def test_of_two_units_spending_one_token_only_the_first_commit_wins(
    engine: AsyncEngine,
) -> None:
    skip_overlapping_units_on_sqlite(engine.dialect.name)
    raw, token = _token()
    await _store(engine, token)
    spent_at = WHEN + timedelta(minutes=5)

    async with _uow(engine) as first, _uow(engine) as second:
        mine = await first.refresh_tokens.get_by_hash(hash_refresh_token(raw))
        theirs = await second.refresh_tokens.get_by_hash(hash_refresh_token(raw))
        assert mine is not None
        assert theirs is not None
        # Both read the token as live before either writes; the first then spends it.
        mine.use(spent_at)
        await first.refresh_tokens.add(_token(family=mine.family_id, parent=mine)[1])
        await first.commit()
        theirs.use(spent_at)
        # Adding the child writes the spent parent first: its version check fails right there.
        with pytest.raises(PreconditionFailed):
            await second.refresh_tokens.add(_token(family=theirs.family_id, parent=theirs)[1])

    async with _uow(engine) as uow:
        family = await uow.refresh_tokens.in_family(token.family_id)
    # The loser's child was rolled back with its use of the parent.
    assert len(family) == 2
    assert (family[0].used_at, family[0].version) == (spent_at, 2)


def _refresher(engine: AsyncEngine, clock: FixedClock) -> RefreshSession:
    return RefreshSession(uow=lambda: _uow(engine), clock=clock, ids=IDS, tokens=FakeTokenService())


async def test_four_concurrent_refreshes_of_one_token_all_get_the_same_pair(
    engine: AsyncEngine,
) -> None:
    raw, token = _token()
    await _store(engine, token)
    refresh = _refresher(engine, FixedClock(token.issued_at + timedelta(minutes=1)))
    command = RefreshSessionCommand(refresh_token=raw, client="127.0.0.1\nFirefox")

    outcomes = await asyncio.gather(*(refresh(command) for _ in range(4)), return_exceptions=True)

    assert all(isinstance(outcome, SessionTokens) for outcome in outcomes), outcomes
    pairs = {(o.access_token, o.refresh_token) for o in outcomes if isinstance(o, SessionTokens)}
    assert len(pairs) == 1
    async with _uow(engine) as uow:
        family = await uow.refresh_tokens.in_family(token.family_id)
    # One rotation, nothing revoked: the session goes on with the pair they all got.
    assert len(family) == 2
    assert all(member.revoked_at is None for member in family)
    ((_, newest),) = pairs
    await refresh(RefreshSessionCommand(refresh_token=newest, client="127.0.0.1\nFirefox"))


async def test_a_refresh_repeated_after_the_window_revokes_the_family(
    engine: AsyncEngine,
) -> None:
    raw, token = _token()
    await _store(engine, token)
    clock = FixedClock(token.issued_at + timedelta(minutes=1))
    refresh = _refresher(engine, clock)
    rotated = await refresh(RefreshSessionCommand(refresh_token=raw))
    clock.advance(DEFAULT_REUSE_GRACE)

    with pytest.raises(Unauthorized):
        await refresh(RefreshSessionCommand(refresh_token=raw))

    async with _uow(engine) as uow:
        family = await uow.refresh_tokens.in_family(token.family_id)
    assert len(family) == 2
    assert all(member.revoked_at is not None for member in family)
    with pytest.raises(Unauthorized):
        await refresh(RefreshSessionCommand(refresh_token=rotated.refresh_token))


async def test_reuse_revokes_the_family_in_the_store_although_the_call_fails(
    engine: AsyncEngine,
) -> None:
    raw, token = _token()
    await _store(engine, token)
    refresh = _refresher(engine, FixedClock(WHEN + timedelta(minutes=1)))
    rotated = await refresh(RefreshSessionCommand(refresh_token=raw))

    # Within the window, but from another client: reuse.
    with pytest.raises(Unauthorized):
        await refresh(RefreshSessionCommand(refresh_token=raw, client="elsewhere"))

    async with _uow(engine) as uow:
        family = await uow.refresh_tokens.in_family(token.family_id)
    assert len(family) == 2
    assert all(member.revoked_at is not None for member in family)
    with pytest.raises(Unauthorized):
        await refresh(RefreshSessionCommand(refresh_token=rotated.refresh_token))
