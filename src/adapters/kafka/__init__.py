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
from adapters.kafka.publisher import KafkaEventPublisher, PublishFailed
from adapters.kafka.topic_admin import TopicCreationFailed, TopicOutcome, create_topics
from adapters.kafka.topics import TOPICS, EventTopics, TopicSpec, UnroutableEvent

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "TOPICS",
    "CloudEvent",
    "EventTopics",
    "KafkaEventPublisher",
    "KafkaRecord",
    "MalformedCloudEvent",
    "PublishFailed",
    "TopicCreationFailed",
    "TopicOutcome",
    "TopicSpec",
    "UnroutableEvent",
    "cloud_event_from_outbox",
    "create_topics",
    "decode",
    "encode",
]
