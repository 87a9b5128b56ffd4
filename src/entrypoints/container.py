"""The composition root: the only place that knows which adapter fills which port.

Built per process by `build_container(settings)`; nothing here runs at import time, and nothing
is built before it is first needed: `todo api` given a JWKS never loads a private key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from uuid import UUID

from dependency_injector import containers, providers

from adapters.jinja import JinjaEmailRenderer
from adapters.jwt import (
    EddsaTokenService,
    JwksVerifier,
    SigningKeyRing,
    load_or_create_signing_key,
)
from adapters.kafka import EventTopics, KafkaEventPublisher
from adapters.passwords import Argon2Parameters, Argon2PasswordHasher, ZxcvbnCommonPasswords
from adapters.recurrence import DateutilRecurrenceRule
from adapters.smtp import AiosmtplibMailer, EmlDirectoryMailer, SmtpOptions
from adapters.sqlalchemy import (
    OutboxWakeups,
    SqlAlchemyDeadLetterStore,
    SqlAlchemyEmailJobStore,
    SqlAlchemyIdempotencyStore,
    SqlAlchemyInboxRetention,
    SqlAlchemyOutboxRelay,
    SqlAlchemyOutboxRetention,
    SqlAlchemyScheduledRuns,
    SqlAlchemyUnitOfWork,
    create_engine,
    database_is_reachable,
    outbox_wakeups,
    reminder_wakeups,
)
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.mail_sender import MailSender, mail_summary
from entrypoints.relay import OutboxRelay, RelayOptions, outbox_lag_summary
from entrypoints.scheduler import Scheduler
from entrypoints.scheduler_jobs import (
    HousekeepingStores,
    digests_job,
    housekeeping_job,
    reminders_job,
)
from entrypoints.settings import Settings
from entrypoints.unsubscribe_secret import load_or_create_unsubscribe_secret
from todo_core import Application, Ports
from todo_core.domain.event_catalogue import published_event_types
from todo_core.domain.ids import UserId
from todo_core.ports import (
    AccessToken,
    Clock,
    CommonPasswords,
    EventHandler,
    IdGenerator,
    Mailer,
    PasswordHasher,
    RecurrenceRule,
    TokenService,
    UnitOfWorkFactory,
)
from todo_core.ports.scheduled_runs import ScheduledRuns
from todo_core.use_cases.process_event import ProcessEvent
from todo_core.use_cases.queue_email import QueueEmail
from todo_core.use_cases.send_due_email import RetrySchedule, SendDueEmail, SendingOptions
from todo_core.use_cases.shared.in_process_publisher import InProcessEventPublisher
from todo_core.use_cases.unsubscribe import Unsubscribe
from todo_core.use_cases.unsubscribe_headers import UnsubscribeHeaders
from todo_core.use_cases.unsubscribe_tokens import UnsubscribeTokens

__all__ = ["Container", "build_container"]


class _TokenServiceOnFirstUse:
    """The token service, built (keys loaded or generated) only when a session use case runs."""

    def __init__(self, build: Callable[[], TokenService]) -> None:
        self._build = build

    def issue_access_token(
        self, user_id: UserId, *, token_id: UUID | None = None, issued_at: datetime | None = None
    ) -> AccessToken:
        return self._build().issue_access_token(user_id, token_id=token_id, issued_at=issued_at)

    def verify_access_token(self, token: str) -> UserId:
        return self._build().verify_access_token(token)


def _ports(  # noqa: PLR0913 - one argument per port
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    recurrence: RecurrenceRule,
    passwords: PasswordHasher,
    common_passwords: CommonPasswords,
    tokens: Callable[[], TokenService],
    settings: Settings,
) -> Ports:
    secret = settings.cursor_secret_bytes()
    optional = {} if secret is None else {"cursor_secret": secret}
    return Ports(
        uow=uow,
        clock=clock,
        ids=ids,
        recurrence=recurrence,
        passwords=passwords,
        common_passwords=common_passwords,
        tokens=_TokenServiceOnFirstUse(tokens),
        refresh_reuse_grace=timedelta(seconds=settings.refresh_reuse_grace_seconds),
        **optional,
    )


def _signing_keys(settings: Settings) -> SigningKeyRing:
    pems = settings.signing_key_pems()
    if pems:
        return SigningKeyRing.from_pems(pems)
    # The embedded default (ADR 0008): one key, generated once, kept across restarts.
    return SigningKeyRing.of(load_or_create_signing_key(settings.key_directory))


def _argon2_parameters(settings: Settings) -> Argon2Parameters:
    return Argon2Parameters(
        memory_kib=settings.argon2_memory_kib,
        time_cost=settings.argon2_time_cost,
        parallelism=settings.argon2_parallelism,
    )


def _api_verifier(
    settings: Settings, clock: Clock, tokens: Callable[[], EddsaTokenService]
) -> JwksVerifier | EddsaTokenService:
    """The API's token check: the configured JWKS (public keys only), else the local key ring."""
    document = settings.jwks_document()
    if document is None:
        return tokens()
    return JwksVerifier.from_jwks(
        document, issuer=settings.token_issuer, audience=settings.token_audience, clock=clock
    )


def _publisher_kind(settings: Settings) -> str:
    """Where the relay publishes: Kafka when configured, else this process's own handlers."""
    return "in_process" if settings.kafka_bootstrap_servers is None else "kafka"


def _event_processors(
    *, handlers: Sequence[EventHandler], uow: UnitOfWorkFactory, clock: Clock
) -> list[ProcessEvent]:
    known = published_event_types()
    return [
        ProcessEvent(handler=handler, uow=uow, clock=clock, known_types=known)
        for handler in handlers
    ]


def _scheduler(  # noqa: PLR0913 - one argument per collaborator
    *,
    application: Application,
    clock: Clock,
    settings: Settings,
    runs: ScheduledRuns,
    stores: HousekeepingStores,
    wakeups: OutboxWakeups,
) -> Scheduler:
    jobs = [
        reminders_job(application, clock, settings),
        digests_job(application, settings),
        housekeeping_job(application, clock, settings, stores),
    ]
    return Scheduler(
        jobs=jobs, runs=runs, clock=clock, wakeups=wakeups, max_sleep=settings.scheduler_max_sleep
    )


def _mailer(settings: Settings, clock: Clock) -> Mailer:
    """SMTP when TODO_SMTP_HOST is set; else .eml files under TODO_MAIL_DIRECTORY."""
    if settings.smtp_host is None:
        return EmlDirectoryMailer(
            settings.mail_directory,
            sender=settings.smtp_from,
            sender_name=settings.smtp_from_name,
            clock=clock,
        )
    password = settings.smtp_password
    return AiosmtplibMailer(
        SmtpOptions(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            sender_name=settings.smtp_from_name,
            username=settings.smtp_username,
            password=None if password is None else password.get_secret_value(),
            tls=settings.smtp_tls,
            timeout=settings.smtp_timeout,
        ),
        clock=clock,
    )


def _sending_options(settings: Settings) -> SendingOptions:
    return SendingOptions(
        batch_size=settings.mail_batch_size,
        concurrency=settings.mail_concurrency,
        lease=timedelta(seconds=settings.mail_lease),
        retry=RetrySchedule(
            first_delay=timedelta(seconds=settings.mail_retry_first_delay),
            max_delay=timedelta(seconds=settings.mail_retry_max_delay),
            give_up_after=timedelta(seconds=settings.mail_retry_give_up_after),
        ),
    )


def _unsubscribe_secret(settings: Settings) -> bytes:
    if settings.unsubscribe_secret is not None:
        return settings.unsubscribe_secret.get_secret_value().encode()
    return load_or_create_unsubscribe_secret(settings.key_directory)


def _handlers(*handlers: EventHandler) -> Sequence[EventHandler]:
    return handlers


def _processor(handler: EventHandler, uow: UnitOfWorkFactory, clock: Clock) -> ProcessEvent:
    return ProcessEvent(handler=handler, uow=uow, clock=clock, known_types=published_event_types())


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    engine = providers.Singleton(create_engine, url=settings.provided.database_url)
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(Uuid7IdGenerator)
    # A Factory provider is itself callable: each call is a fresh unit of work.
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, engine=engine, ids=ids)

    # Awaiting `container.database_ready()` answers the readiness probe.
    database_ready = providers.Callable(database_is_reachable, engine)

    recurrence = providers.Singleton(DateutilRecurrenceRule)
    passwords = providers.Singleton(
        Argon2PasswordHasher, providers.Callable(_argon2_parameters, settings)
    )
    # Loaded once, when the application is first built.
    common_passwords = providers.Singleton(ZxcvbnCommonPasswords)
    signing_keys = providers.Singleton(_signing_keys, settings)
    # Signs (Auth service) and verifies with the whole ring; `jwks()` is what it publishes.
    token_service = providers.Singleton(
        EddsaTokenService,
        signing_keys,
        issuer=settings.provided.token_issuer,
        audience=settings.provided.token_audience,
        clock=clock,
        ids=ids,
    )
    # Verifies only: what the API service checks bearer tokens with.
    api_token_verifier = providers.Singleton(_api_verifier, settings, clock, token_service.provider)

    # The API's memory of POSTs sent with an Idempotency-Key (see entrypoints.http.idempotency).
    idempotency_store = providers.Singleton(SqlAlchemyIdempotencyStore, engine=engine, clock=clock)

    # The mailer: its event handler queues e-mail jobs; its sender loop sends them.
    mail_handler = providers.Singleton(QueueEmail, ids=ids, clock=clock)
    mail_processor = providers.Singleton(
        _processor, handler=mail_handler, uow=unit_of_work.provider, clock=clock
    )
    email_jobs = providers.Singleton(SqlAlchemyEmailJobStore, engine)
    mailer = providers.Singleton(_mailer, settings, clock)
    email_renderer = providers.Singleton(
        JinjaEmailRenderer, public_url=settings.provided.public_url
    )
    unsubscribe_tokens = providers.Singleton(
        UnsubscribeTokens, providers.Callable(_unsubscribe_secret, settings)
    )
    unsubscribe = providers.Singleton(
        Unsubscribe, uow=unit_of_work.provider, clock=clock, tokens=unsubscribe_tokens
    )
    send_due_email = providers.Singleton(
        SendDueEmail,
        jobs=email_jobs,
        renderer=email_renderer,
        mailer=mailer,
        clock=clock,
        options=providers.Callable(_sending_options, settings),
        extra_headers=providers.Singleton(
            UnsubscribeHeaders, unsubscribe_tokens, public_url=settings.provided.public_url
        ),
    )
    mail_sender = providers.Singleton(
        MailSender,
        send_due_email,
        batch_size=settings.provided.mail_batch_size,
        poll_interval=settings.provided.mail_poll_interval,
    )
    # Awaiting `container.mail_summary()` gives the readiness probe the jobs and the counts.
    mail_summary = providers.Callable(mail_summary, email_jobs, mail_sender)

    # The event consumers of this process, each run idempotently through its inbox, whether
    # events come from Kafka or in process.
    event_handlers: providers.Provider[Sequence[EventHandler]] = providers.Callable(
        _handlers, mail_handler
    )
    event_processors = providers.Singleton(
        _event_processors, handlers=event_handlers, uow=unit_of_work.provider, clock=clock
    )
    dead_letters = providers.Singleton(SqlAlchemyDeadLetterStore, engine)
    # What the relay publishes to when TODO_KAFKA_BOOTSTRAP_SERVERS is unset.
    in_process_publisher = providers.Singleton(
        InProcessEventPublisher,
        event_processors,
        dead_letters=dead_letters,
        clock=clock,
        ids=ids,
        source=settings.provided.event_source,
    )
    kafka_publisher = providers.Singleton(
        KafkaEventPublisher,
        bootstrap_servers=settings.provided.kafka_bootstrap_servers,
        source=settings.provided.event_source,
        topics=providers.Factory(EventTopics, settings.provided.kafka_topic_prefix),
        send_timeout=settings.provided.kafka_send_timeout,
    )
    # Kafka when configured, else the in-process publisher: the relay never lacks a publisher.
    event_publisher = providers.Selector(
        providers.Callable(_publisher_kind, settings),
        kafka=kafka_publisher,
        in_process=in_process_publisher,
    )
    outbox = providers.Singleton(SqlAlchemyOutboxRelay, engine=engine, clock=clock)
    # Awaiting `container.outbox_lag()` gives the readiness probe the relay's backlog.
    outbox_lag = providers.Callable(outbox_lag_summary, outbox, clock)
    # The relay loop, of `todo relay` (Kafka only) and of `todo serve` (either publisher).
    relay = providers.Factory(
        OutboxRelay,
        outbox=outbox,
        publisher=event_publisher,
        wakeups=providers.Factory(outbox_wakeups, engine),
        clock=clock,
        options=providers.Factory(
            RelayOptions,
            batch_size=settings.provided.relay_batch_size,
            poll_interval=settings.provided.relay_poll_interval,
        ),
    )

    application = providers.Singleton(
        Application,
        ports=providers.Factory(
            _ports,
            uow=unit_of_work.provider,
            clock=clock,
            ids=ids,
            recurrence=recurrence,
            passwords=passwords,
            common_passwords=common_passwords,
            tokens=token_service.provider,
            settings=settings,
        ),
    )

    # The scheduler's ledger of job ticks, and the scheduler (`todo scheduler`, `todo serve`).
    scheduled_runs = providers.Singleton(SqlAlchemyScheduledRuns, engine)
    scheduler = providers.Factory(
        _scheduler,
        application=application,
        clock=clock,
        settings=settings,
        runs=scheduled_runs,
        stores=providers.Factory(
            HousekeepingStores,
            outbox=providers.Factory(SqlAlchemyOutboxRetention, engine),
            inbox=providers.Factory(SqlAlchemyInboxRetention, engine),
            idempotency=idempotency_store,
            runs=scheduled_runs,
        ),
        wakeups=providers.Factory(
            reminder_wakeups, engine, poll_interval=settings.provided.scheduler_poll_interval
        ),
    )


def build_container(settings: Settings) -> Container:
    return Container(settings=settings)
