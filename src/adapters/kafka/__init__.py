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
from adapters.kafka.consumer_support import inbound
from adapters.kafka.redelivery import KafkaRedelivery

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "CloudEvent",
    "ConsumerCounters",
    "KafkaEventConsumer",
    "KafkaRecord",
    "KafkaRedelivery",
    "MalformedCloudEvent",
    "RetryPolicy",
    "cloud_event_from_outbox",
    "decode",
    "encode",
    "inbound",
]
