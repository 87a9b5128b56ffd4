"""The in-memory idempotency store keeps every promise of the port (see the contract module)."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryIdempotencyStore
from tests.support.fakes import FixedClock
from tests.support.idempotency_store_contract import CHECKS, Check
from todo_core.errors import ValidationFailed
from todo_core.ports.idempotency_store import IdempotencyKey


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
async def test_in_memory_store(check: Check) -> None:
    await check(InMemoryIdempotencyStore)


@pytest.mark.parametrize("limit", [0, -1])
async def test_a_purge_needs_a_positive_limit(limit: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        await InMemoryIdempotencyStore(FixedClock()).purge_expired(limit=limit)


@pytest.mark.parametrize(
    "value", ["", "k" * 256, "caf\u00e9", "tab\there", "new\nline", "\x7f", "nul\x00"]
)
def test_a_key_is_1_to_255_printable_ascii_characters(value: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        IdempotencyKey(value)
    assert refused.value.field == "Idempotency-Key"


@pytest.mark.parametrize("value", ["a", "k" * 255, " spaced key ", '"quoted" \\ ~!'])
def test_printable_keys_are_kept_as_given(value: str) -> None:
    assert IdempotencyKey(value).value == value
