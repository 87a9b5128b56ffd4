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

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "CloudEvent",
    "KafkaRecord",
    "MalformedCloudEvent",
    "cloud_event_from_outbox",
    "decode",
    "encode",
]
