"""Producing a dead letter's record again, to the topic and with the key, headers and value it
had, so its consumer group meets it again (at the end of its partition)."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING, Self

from todo_core.errors import StorageUnavailable
from todo_core.ports.dead_letter_store import DeadLetter

if TYPE_CHECKING:
    from aiokafka import AIOKafkaProducer

__all__ = ["KafkaRedelivery"]

_SEND_TIMEOUT_S = 30.0


class KafkaRedelivery:
    """`async with KafkaRedelivery(servers) as redeliver: await redeliver(letter)`."""

    def __init__(self, bootstrap_servers: str) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._producer: AIOKafkaProducer | None = None

    async def __aenter__(self) -> Self:
        from aiokafka import AIOKafkaProducer  # noqa: PLC0415 - only its users pay for it

        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap_servers, acks="all", enable_idempotence=True
        )
        try:
            async with asyncio.timeout(_SEND_TIMEOUT_S):
                await self._producer.start()
        except Exception as error:
            await self._producer.stop()
            self._producer = None
            if not _broker_error(error):
                raise
            raise StorageUnavailable(f"the Kafka brokers are unavailable: {error!r}") from error
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            await producer.stop()

    async def __call__(self, letter: DeadLetter) -> bool:
        """Produce the letter's record again; False for a letter that came from no topic."""
        if self._producer is None:
            raise RuntimeError("use KafkaRedelivery inside its `async with` block")
        if letter.topic is None:
            return False
        try:
            async with asyncio.timeout(_SEND_TIMEOUT_S):
                await self._producer.send_and_wait(
                    letter.topic, letter.value, key=letter.key, headers=list(letter.headers)
                )
        except Exception as error:
            if not _broker_error(error):
                raise
            raise StorageUnavailable(f"the Kafka brokers are unavailable: {error!r}") from error
        return True


def _broker_error(error: Exception) -> bool:
    """Broker errors become the core's "try again later", so callers never see aiokafka's;
    anything else is a bug and goes up as it is."""
    from aiokafka.errors import KafkaError  # noqa: PLC0415 - see __aenter__

    return isinstance(error, KafkaError | TimeoutError | OSError)
