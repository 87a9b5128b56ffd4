from __future__ import annotations

import pytest
from pydantic import ValidationError

from entrypoints.settings import DEFAULT_DATABASE_URL, Settings


def test_defaults_are_the_embedded_sqlite_file_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TODO_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url.startswith("sqlite+aiosqlite:///./var/")
    assert settings.host == "127.0.0.1"


def test_environment_variables_with_the_todo_prefix_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TODO_DATABASE_URL", "postgresql+asyncpg://u@localhost/todo")
    monkeypatch.setenv("TODO_PORT", "9000")
    settings = Settings()
    assert settings.database_url == "postgresql+asyncpg://u@localhost/todo"
    assert settings.port == 9000


def test_a_bad_value_fails_at_start_up_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TODO_PORT", "not-a-port")
    with pytest.raises(ValidationError, match="port"):
        Settings()


def test_events_are_in_process_unless_kafka_brokers_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TODO_KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("TODO_KAFKA_CONSUMER_GROUP_PREFIX", raising=False)
    assert Settings().kafka_bootstrap_servers is None
    assert Settings().kafka_consumer_group_prefix == "todo."

    monkeypatch.setenv("TODO_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("TODO_KAFKA_CONSUMER_GROUP_PREFIX", "staging.todo.")
    settings = Settings()
    assert settings.kafka_bootstrap_servers == "kafka-1:9092,kafka-2:9092"
    assert settings.kafka_consumer_group_prefix == "staging.todo."
