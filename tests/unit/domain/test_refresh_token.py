from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from todo_core.domain.ids import RefreshTokenId, SessionFamilyId, UserId
from todo_core.domain.refresh_token import (
    INVALID_REFRESH_TOKEN,
    REFRESH_TOKEN_LIFETIME,
    RefreshToken,
    hash_refresh_token,
)
from todo_core.errors import Unauthorized

RAW = "raw"
NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)


def _token(now: datetime = NOW) -> RefreshToken:
    return RefreshToken.issue(
        token_id=RefreshTokenId(UUID(int=1)),
        user_id=UserId(UUID(int=2)),
        family_id=SessionFamilyId(UUID(int=3)),
        parent_id=None,
        token_hash=hash_refresh_token(RAW),
        now=now,
    )


def test_a_new_token_lives_thirty_days_and_stores_only_a_sha256_hex() -> None:
    token = _token()
    assert token.expires_at == NOW + REFRESH_TOKEN_LIFETIME == NOW + timedelta(days=30)
    assert token.token_hash != RAW
    assert len(token.token_hash) == 64
    assert int(token.token_hash, 16) >= 0
    assert (token.version, token.used_at, token.revoked_at) == (1, None, None)
    assert token.is_live(NOW)
    assert token.pull_events() == []


def test_use_marks_it_used_once_and_refuses_a_second_use() -> None:
    token = _token()
    token.use(NOW)
    assert (token.used_at, token.version, token.is_used) == (NOW, 2, True)
    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        token.use(NOW)


def test_use_refuses_an_expired_token_at_the_instant_it_expires() -> None:
    token = _token()
    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        token.use(token.expires_at)
    assert token.version == 1


def test_use_refuses_a_revoked_token_and_revoking_twice_is_no_change() -> None:
    token = _token()
    assert token.revoke(NOW)
    assert not token.revoke(NOW + timedelta(seconds=1))
    assert (token.revoked_at, token.version) == (NOW, 2)
    with pytest.raises(Unauthorized, match=INVALID_REFRESH_TOKEN):
        token.use(NOW)


def test_revoking_a_used_token_still_gives_it_a_new_version() -> None:
    # The new version is what makes a concurrent rotation of it lose its commit.
    token = _token()
    token.use(NOW)
    assert token.revoke(NOW)
    assert token.version == 3
