"""Settings from `TODO_*` environment variables, validated once at start-up."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_DATABASE_URL", "Settings"]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/todo.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TODO_", extra="ignore", frozen=True)

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL; PostgreSQL (asyncpg) in production, SQLite by default.",
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP services bind to.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port of the HTTP service.")
    log_level: str = Field(default="info", pattern="^(critical|error|warning|info|debug)$")
    debug: bool = Field(default=False, description="Litestar debug mode (never in production).")
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        description=(
            "Kafka brokers, `host:port[,host:port...]`. Unset: events are delivered in process "
            "(the embedded default; `todo serve` relays them) and no Kafka is needed."
        ),
    )
    kafka_consumer_group_prefix: str = Field(
        default="todo.",
        description="Prefix of every consumer group id; the consumer's name follows it.",
    )
    cursor_secret: SecretStr | None = Field(
        default=None,
        min_length=16,
        description=(
            "Signs pagination cursors; set the same value on every instance. Unset: a random "
            "secret per process, so cursors do not survive a restart."
        ),
    )

    kafka_topic_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="Prepended to every topic name, e.g. `staging.` for an environment's own.",
    )
    kafka_send_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a publish may wait for the broker's ack."
    )
    event_source: str = Field(
        default="/todo-service",
        min_length=1,
        description="CloudEvents `source` of every published event (a URI reference).",
    )
    relay_poll_interval: float = Field(
        default=1.0,
        gt=0,
        description="Seconds the relay waits without a notification before it looks anyway.",
    )
    relay_batch_size: int = Field(
        default=100, ge=1, le=10_000, description="Outbox rows the relay claims at a time."
    )

    def cursor_secret_bytes(self) -> bytes | None:
        return (
            None if self.cursor_secret is None else self.cursor_secret.get_secret_value().encode()
        )
