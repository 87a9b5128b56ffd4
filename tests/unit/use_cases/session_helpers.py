"""Reading the in-memory store's refresh tokens, for the session use case tests."""

from __future__ import annotations

import pickle

from adapters.memory import InMemoryStore
from todo_core.domain.refresh_token import RefreshToken, hash_refresh_token

__all__ = ["contains_raw", "stored", "stored_tokens"]


def stored_tokens(store: InMemoryStore) -> list[RefreshToken]:
    """Every committed token, oldest first."""
    return sorted(store.refresh_tokens.rows.values(), key=lambda token: token.issued_at)


def stored(store: InMemoryStore, raw: str) -> RefreshToken:
    """The committed token whose hash is that of `raw`."""
    (token,) = [t for t in stored_tokens(store) if t.token_hash == hash_refresh_token(raw)]
    return token


def contains_raw(store: InMemoryStore, raw: str) -> bool:
    """Whether the raw token appears anywhere in the committed state or the outbox."""
    dump = pickle.dumps((store.refresh_tokens.rows, store.users.rows, store.outbox))
    return raw.encode() in dump
