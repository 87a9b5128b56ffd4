"""`todo kafka init-topics`: create the event topics, idempotently.

aiokafka's admin client reports each topic's outcome as an error code in the response instead of
raising, so every code is checked here: "already exists" is success (the command is meant to be
run on every deploy), anything else is a failure naming the topic.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError, for_code

from adapters.kafka.topics import TopicSpec

__all__ = ["TopicCreationFailed", "TopicOutcome", "create_topics"]

_OK = 0
# With three or more replicas, an acks=all write must reach two of them before it is acked: one
# broker may be down without refusing writes or losing acknowledged ones.
_MIN_INSYNC_REPLICAS = 2


class TopicCreationFailed(RuntimeError):
    """The broker refused to create one or more topics (or could not be reached)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicOutcome:
    topic: str
    created: bool  # False: it existed already


def _new_topic(spec: TopicSpec, replication_factor: int) -> NewTopic:
    configs = {"cleanup.policy": "delete"}
    if replication_factor >= 3:
        configs["min.insync.replicas"] = str(_MIN_INSYNC_REPLICAS)
    return NewTopic(
        spec.name,
        num_partitions=spec.partitions,
        replication_factor=replication_factor,
        topic_configs=configs,
    )


async def create_topics(
    bootstrap_servers: str,
    specs: Sequence[TopicSpec],
    *,
    replication_factor: int,
    within_s: float = 30.0,
) -> list[TopicOutcome]:
    """Creates every topic in `specs` that does not exist yet; raises if any other fails."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, request_timeout_ms=int(within_s * 1000)
    )
    try:
        async with asyncio.timeout(within_s):
            await admin.start()
            response = await admin.create_topics(
                [_new_topic(spec, replication_factor) for spec in specs]
            )
    except (KafkaError, OSError, TimeoutError) as exc:
        raise TopicCreationFailed(f"cannot create topics on {bootstrap_servers}: {exc!r}") from exc
    finally:
        await admin.close()
    outcomes: list[TopicOutcome] = []
    failures: list[str] = []
    for result in response.to_object()["topic_errors"]:
        code = result["error_code"]
        if code in (_OK, TopicAlreadyExistsError.errno):
            outcomes.append(TopicOutcome(topic=result["topic"], created=code == _OK))
        else:
            detail = result.get("error_message") or for_code(code).message
            failures.append(f"{result['topic']}: {detail} (error code {code})")
    if failures:
        raise TopicCreationFailed("; ".join(failures))
    return sorted(outcomes, key=lambda outcome: outcome.topic)
