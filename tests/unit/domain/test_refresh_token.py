from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from todo_core.domain.ids import RefreshTokenId, SessionFamilyId, UserId
from todo_core.domain.refresh_token import (
    INVALID_REFRESH_TOKEN,
    REFRESH_TOKEN_LIFETIME,
    RefreshToken,
    Rotation,
    client_tag,
    hash_refresh_token,
    successor_secret,
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


def test_a_successor_secret_needs_both_the_spent_token_and_the_salt() -> None:
    secret = successor_secret(RAW, "salt")

    assert secret == successor_secret(RAW, "salt")
    assert secret not in {successor_secret("other", "salt"), successor_secret(RAW, "pepper")}
    # As long as a fresh secret (32 bytes, base64url) and not the token's own hash.
    assert len(secret) == 43
    assert secret != hash_refresh_token(RAW)


def test_a_client_tag_says_nothing_without_the_token() -> None:
    tag = client_tag(RAW, "127.0.0.1\nFirefox")

    assert tag == client_tag(RAW, "127.0.0.1\nFirefox")
    assert tag != client_tag(RAW, "127.0.0.2\nFirefox")
    assert tag != client_tag("other", "127.0.0.1\nFirefox")
    assert "127.0.0.1" not in tag


def test_a_spent_token_may_repeat_its_rotation_only_within_the_window() -> None:
    token = _token()
    grace = timedelta(seconds=10)
    assert not token.may_repeat(NOW, grace)
    token.use(NOW, Rotation(successor_id=RefreshTokenId(UUID(int=9)), salt="s", client="c"))

    assert token.may_repeat(NOW + grace - timedelta(microseconds=1), grace)
    assert not token.may_repeat(NOW + grace, grace)
    assert not token.may_repeat(NOW, timedelta(0))
    token.revoke(NOW)
    assert not token.may_repeat(NOW, grace)


def test_a_token_spent_without_a_rotation_never_repeats() -> None:
    token = _token()
    token.use(NOW)
    assert not token.may_repeat(NOW, timedelta(seconds=10))
