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
from adapters.kafka.publisher import KafkaEventPublisher, PublishFailed
from adapters.kafka.redelivery import KafkaRedelivery
from adapters.kafka.topic_admin import TopicCreationFailed, TopicOutcome, create_topics
from adapters.kafka.topics import TOPICS, EventTopics, TopicSpec, UnroutableEvent

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "TOPICS",
    "CloudEvent",
    "ConsumerCounters",
    "EventTopics",
    "KafkaEventConsumer",
    "KafkaEventPublisher",
    "KafkaRecord",
    "KafkaRedelivery",
    "MalformedCloudEvent",
    "PublishFailed",
    "RetryPolicy",
    "TopicCreationFailed",
    "TopicOutcome",
    "TopicSpec",
    "UnroutableEvent",
    "cloud_event_from_outbox",
    "create_topics",
    "decode",
    "encode",
    "inbound",
]
