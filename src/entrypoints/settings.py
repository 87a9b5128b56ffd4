"""Settings from `TODO_*` environment variables, validated once at start-up."""

from __future__ import annotations

import ipaddress
import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from croniter import croniter
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["DEFAULT_DATABASE_URL", "DEFAULT_KEY_DIRECTORY", "DEFAULT_MAIL_DIRECTORY", "Settings"]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/todo.db"
DEFAULT_KEY_DIRECTORY = Path("var/keys")
DEFAULT_MAIL_DIRECTORY = Path("var/mail")
_PEM_MARKER = "-----BEGIN "


def _several(value: Any) -> Any:
    """A JSON list, or one value (a PEM holds newlines and commas, so no comma-splitting)."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        return json.loads(text) if text.startswith("[") else (text,)
    return value


def _comma_separated(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return tuple(item.strip() for item in text.split(",") if item.strip())
    return value


def _cron(value: str) -> str:
    if not croniter.is_valid(value):
        raise ValueError(f"not a cron expression: {value!r}")
    return value


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
    # Access tokens (ADR 0008)
    signing_keys: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        default=(),
        description=(
            "Ed25519 private keys that sign access tokens, oldest first (the last one signs): "
            "each a PEM value or the path of a PEM file; several as a JSON list. Unset: a key "
            "generated once under key_directory."
        ),
    )
    key_directory: Path = Field(
        default=DEFAULT_KEY_DIRECTORY,
        description="Where the generated signing key is kept when signing_keys is unset.",
    )
    token_issuer: str = Field(default="urn:todo:auth", min_length=1)
    token_audience: str = Field(default="urn:todo:api", min_length=1)
    jwks: str | None = Field(
        default=None,
        description=(
            "The API service's trusted keys: a JWKS document (JSON) or the path of a file "
            "holding one. Unset: the public halves of the signing keys."
        ),
    )
    # HTTP edge
    cors_allow_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Origins allowed by CORS, comma-separated; empty: no CORS headers at all.",
    )
    forwarded_allow_ips: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "Reverse proxies trusted to say who the client is (X-Forwarded-For, Forwarded): IP "
            "addresses or networks, comma-separated, or `*` for any peer. Empty: the client is "
            "the socket peer and those headers are ignored."
        ),
    )
    rate_limit_auth_per_minute: int = Field(
        default=10,
        ge=0,
        description="Register, login, refresh and logout requests per client address; 0 is off.",
    )
    rate_limit_email_per_minute: int = Field(
        default=5, ge=0, description="Login and register attempts per e-mail address; 0 is off."
    )
    rate_limit_api_per_minute: int = Field(
        default=600, ge=0, description="API requests per user (or address if anonymous); 0 is off."
    )
    refresh_reuse_grace_seconds: float = Field(
        default=10.0,
        ge=0,
        le=60,
        description=(
            "Seconds during which a spent refresh token, presented again by the client that "
            "spent it, gets the same new pair instead of revoking its session (ADR 0012); 0 "
            "is off."
        ),
    )
    # Password hashing (ADR 0007); the defaults are OWASP's.
    argon2_memory_kib: int = Field(default=19_456, ge=8)
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_parallelism: int = Field(default=1, ge=1)

    _signing_keys = field_validator("signing_keys", mode="before")(_several)
    _origins = field_validator("cors_allow_origins", mode="before")(_comma_separated)
    _proxies = field_validator("forwarded_allow_ips", mode="before")(_comma_separated)

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _known_proxies(cls, entries: tuple[str, ...]) -> tuple[str, ...]:
        for entry in entries:
            if entry != "*":
                ipaddress.ip_network(entry, strict=False)  # its ValueError names the entry
        return entries

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
        default=500,
        ge=1,
        le=10_000,
        description="Outbox rows the relay claims, and has in flight to Kafka, at a time.",
    )

    # The scheduler (docs/architecture/scheduler.md)
    schedule_reminders: str = Field(
        default="* * * * *",
        description=(
            "Cron expression (UTC) of the reminders job's ticks; between them it also wakes "
            "for the earliest pending reminder."
        ),
    )
    schedule_digests: str = Field(
        default="* * * * *",
        description="Cron expression (UTC) of the digests job's ticks (and the earliest digest).",
    )
    schedule_housekeeping: str = Field(
        default="17 3 * * *", description="Cron expression (UTC) of the housekeeping job."
    )
    scheduler_batch_size: int = Field(
        default=500, ge=1, le=10_000, description="Rows a scheduler job handles per transaction."
    )
    scheduler_max_sleep: float = Field(
        default=60.0,
        gt=0,
        description="Longest sleep between passes, whatever the schedules say (missed wake-ups).",
    )
    scheduler_poll_interval: float = Field(
        default=1.0,
        gt=0,
        description=(
            "SQLite only (no notifications there): seconds between looks for reminders set or "
            "moved since the scheduler went to sleep."
        ),
    )
    reminder_max_lateness: timedelta = Field(
        default=timedelta(hours=24),
        gt=timedelta(0),
        description="A reminder found later than this after its moment is marked missed, not sent.",
    )
    trash_retention_days: int = Field(
        default=30, ge=1, description="Todos stay this many days in the trash, then are purged."
    )
    outbox_retention_days: int = Field(
        default=7, ge=1, description="Published outbox rows are kept this many days."
    )
    inbox_retention_days: int = Field(
        default=30, ge=1, description="Consumers' inbox rows are kept this many days."
    )

    _schedules = field_validator("schedule_reminders", "schedule_digests", "schedule_housekeeping")(
        _cron
    )

    # The mailer
    smtp_host: str | None = Field(
        default=None,
        description=(
            "The SMTP server mail is sent through. Unset: each mail is written as an .eml file "
            "under mail_directory instead (the embedded default)."
        ),
    )
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = Field(
        default=None, description="SMTP login, if the server needs one."
    )
    smtp_password: SecretStr | None = Field(default=None)
    smtp_tls: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls: upgrade after connecting (required); tls: TLS from the start; none.",
    )
    smtp_from: str = Field(
        default="todo@localhost", pattern=r"^[^@\s]+@[^@\s]+$", description="The From address."
    )
    smtp_from_name: str = Field(default="todo", description="The From display name.")
    smtp_timeout: float = Field(
        default=30.0, gt=0, description="Seconds for connecting and for each SMTP reply."
    )
    mail_directory: Path = Field(
        default=DEFAULT_MAIL_DIRECTORY,
        description="Where mail is written as .eml files when smtp_host is unset.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://",
        description="The service's address as people reach it: the base of links in mail.",
    )
    unsubscribe_secret: SecretStr | None = Field(
        default=None,
        min_length=16,
        description=(
            "Signs the unsubscribe links in mail; the same value on every instance. Unset: a "
            "secret generated once under key_directory."
        ),
    )
    mail_poll_interval: float = Field(
        default=1.0, gt=0, description="Seconds the mail sender waits between looks for due jobs."
    )
    mail_batch_size: int = Field(default=50, ge=1, le=1000, description="Jobs claimed at a time.")
    mail_concurrency: int = Field(default=4, ge=1, le=100, description="Mails sent at once.")
    mail_lease: float = Field(
        default=600.0,
        gt=0,
        description=(
            "Seconds a claimed job is held before it counts as abandoned and is sent again: far "
            "beyond the SMTP timeouts."
        ),
    )
    mail_retry_first_delay: float = Field(
        default=30.0, gt=0, description="Seconds before the first retry; doubling after."
    )
    mail_retry_max_delay: float = Field(default=3600.0, gt=0, description="Longest pause.")
    mail_retry_give_up_after: float = Field(
        default=86_400.0,
        gt=0,
        description="Seconds after queueing when a job failing transiently is failed for good.",
    )

    def cursor_secret_bytes(self) -> bytes | None:
        return (
            None if self.cursor_secret is None else self.cursor_secret.get_secret_value().encode()
        )

    def signing_key_pems(self) -> list[bytes]:
        """Every configured signing key as PEM bytes, oldest first (files are read here)."""
        pems = []
        for entry in self.signing_keys:
            value = entry.get_secret_value().strip()
            pems.append(
                value.encode("ascii") if value.startswith(_PEM_MARKER) else Path(value).read_bytes()
            )
        return pems

    def jwks_document(self) -> str | None:
        """The configured JWKS as JSON text (read from its file if a path was given)."""
        if self.jwks is None:
            return None
        text = self.jwks.strip()
        return text if text.startswith("{") else Path(text).read_text(encoding="utf-8")
