"""Kafka fixtures: a real broker (throwaway, or the one named by TODO_TEST_KAFKA_BOOTSTRAP_SERVERS)
and a fresh topic per test, so tests never see each other's messages or consumer groups' offsets.

Only loopback brokers are accepted: tests must never reach another machine's Kafka.

Loaded as a plugin by every test run, so aiokafka is imported only inside the fixtures: a
unit-only run never pays for it, and never starts a JVM.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any
from uuid import uuid4

import pytest

from tests.support.kafka_broker import throwaway_kafka

__all__ = ["kafka_bootstrap_servers", "kafka_topic"]

_ENV = "TODO_TEST_KAFKA_BOOTSTRAP_SERVERS"
TOPIC_PARTITIONS = 3
_ADMIN_TIMEOUT_S = 30.0
_UNKNOWN_TOPIC_OR_PARTITION = 3


def _host(server: str) -> str:
    # "host:port", "[::1]:port", or a bare host.
    server = server.strip()
    if server.startswith("["):
        return server[1 : server.index("]")]
    return server.rsplit(":", 1)[0] if server.count(":") == 1 else server


def _require_loopback(bootstrap_servers: str) -> None:
    for server in bootstrap_servers.split(","):
        host = _host(server)
        if host == "localhost":
            continue
        try:
            if ipaddress.ip_address(host).is_loopback:
                continue
        except ValueError:
            pass
        pytest.exit(f"{_ENV} must point at loopback, not {host!r}", returncode=4)


def _raise_for_errors(kind: str, results: list[dict[str, Any]], *, ok: int = 0) -> None:
    # aiokafka's admin client returns per-topic error codes instead of raising.
    failed = [result for result in results if result["error_code"] not in (0, ok)]
    if failed:
        raise RuntimeError(f"{kind} failed: {failed}")


async def _wait_for_leaders(admin: Any, topic: str) -> None:
    # A created topic reaches the broker's metadata a moment after the controller acks it; wait
    # so that a test's first produce or assign never races the topic into existence.
    while True:
        (described,) = await admin.describe_topics([topic])
        partitions = described["partitions"]
        if len(partitions) == TOPIC_PARTITIONS and all(p["leader"] >= 0 for p in partitions):
            return
        await asyncio.sleep(0.05)


@pytest.fixture(scope="session")
def kafka_bootstrap_servers() -> Iterator[str]:
    given = os.environ.get(_ENV)
    if given:
        _require_loopback(given)
        yield given
        return
    with throwaway_kafka() as broker:
        yield broker.bootstrap_servers


@pytest.fixture
async def kafka_topic(kafka_bootstrap_servers: str) -> AsyncIterator[str]:
    """A new topic of TOPIC_PARTITIONS partitions, deleted after the test."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # noqa: PLC0415 - see the docstring

    name = f"todo-test-{uuid4().hex[:12]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap_servers)
    try:
        async with asyncio.timeout(_ADMIN_TIMEOUT_S):
            await admin.start()
            topic = NewTopic(name, num_partitions=TOPIC_PARTITIONS, replication_factor=1)
            created = await admin.create_topics([topic])
            _raise_for_errors("create_topics", created.to_object()["topic_errors"])
            await _wait_for_leaders(admin, name)
        yield name
        async with asyncio.timeout(_ADMIN_TIMEOUT_S):
            deleted = await admin.delete_topics([name])
            # The test may have deleted it already.
            errors = deleted.to_object()["topic_error_codes"]
            _raise_for_errors("delete_topics", errors, ok=_UNKNOWN_TOPIC_OR_PARTITION)
    finally:
        await admin.close()
