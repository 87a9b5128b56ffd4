"""`todo events replay-dead-letters`: deliver dead letters again once their cause is fixed.

A letter from Kafka is produced again to its topic, with its key, headers and value; its
consumer group meets it again at the end of the partition, and every consumer's inbox keeps
the effect single. A letter of the in-process publisher (no topic) is run through its
handler directly, when a handler of that name is given; otherwise it is left pending.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AsyncExitStack

from adapters.kafka import KafkaRedelivery, decode, inbound
from adapters.sqlalchemy import SqlAlchemyDeadLetterStore, create_engine
from adapters.system import SystemClock
from entrypoints.settings import Settings
from todo_core.ports.dead_letter_store import DeadLetter
from todo_core.use_cases.process_event import ProcessEvent
from todo_core.use_cases.replay_dead_letters import ReplayDeadLetters, ReplayReport

__all__ = ["describe", "replay_dead_letters"]


async def replay_dead_letters(
    settings: Settings,
    *,
    consumer: str | None,
    limit: int,
    dry_run: bool,
    processors: Mapping[str, ProcessEvent] | None = None,
) -> ReplayReport:
    in_process = dict(processors or {})
    engine = create_engine(settings.database_url)
    try:
        async with AsyncExitStack() as stack:
            kafka: KafkaRedelivery | None = None
            if settings.kafka_bootstrap_servers and not dry_run:
                kafka = await stack.enter_async_context(
                    KafkaRedelivery(settings.kafka_bootstrap_servers)
                )

            async def redeliver(letter: DeadLetter) -> bool:
                if letter.topic is not None:
                    return kafka is not None and await kafka(letter)
                process = in_process.get(letter.consumer)
                if process is None:
                    return False
                await process(inbound(decode(letter.key, letter.value, letter.headers)))
                return True

            replay = ReplayDeadLetters(
                store=SqlAlchemyDeadLetterStore(engine), redeliver=redeliver, clock=SystemClock()
            )
            return await replay(consumer=consumer, limit=limit, dry_run=dry_run)
    finally:
        await engine.dispose()


def describe(letter: DeadLetter) -> str:
    """One line per letter: what an operator needs to find the record and its cause."""
    where = (
        "in-process"
        if letter.topic is None
        else f"{letter.topic}[{letter.partition}]@{letter.offset}"
    )
    return (
        f"{letter.id} {letter.consumer} {where} attempts={letter.attempts} "
        f"failed={letter.last_failed_at.isoformat()} {letter.error}"
    )
