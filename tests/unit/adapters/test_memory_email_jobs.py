"""The in-memory e-mail job store and queue keep every promise of the port (the contract)."""

from __future__ import annotations

import pytest

from adapters.memory import InMemoryEmailJobStore, InMemoryStore, InMemoryUnitOfWork
from tests.support.email_job_store_contract import CHECKS, Check, JobStorage


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
async def test_in_memory_email_jobs(check: Check) -> None:
    store = InMemoryStore()
    await check(
        JobStorage(InMemoryEmailJobStore(store.email_jobs), lambda: InMemoryUnitOfWork(store))
    )
