"""Kafka (aiokafka): CloudEvents on the wire, the relay's publisher, the consumer runtime."""

from adapters.kafka.cloudevents import (
    CONTENT_TYPE,
    SPEC_VERSION,
    CloudEvent,
    KafkaRecord,
    MalformedCloudEvent,
    cloud_event_from_outbox,
    decode,
    encode,
)
from adapters.kafka.consumer import ConsumerCounters, KafkaEventConsumer, RetryPolicy

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "CloudEvent",
    "ConsumerCounters",
    "KafkaEventConsumer",
    "KafkaRecord",
    "MalformedCloudEvent",
    "RetryPolicy",
    "cloud_event_from_outbox",
    "decode",
    "encode",
]
