"""The `todo` command: one program that starts any of the services, or all of them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from entrypoints.settings import Settings

__all__ = ["EXIT_UNAVAILABLE", "main"]

# sysexits.h EX_UNAVAILABLE: the command exists but cannot do its work (yet).
EXIT_UNAVAILABLE = 69
# sysexits.h EX_USAGE: the command was given wrongly.
EXIT_USAGE = 64


def _add_http_options(parser: argparse.ArgumentParser, settings: Settings) -> None:
    parser.add_argument(
        "--host", default=settings.host, help=f"bind address (default {settings.host})"
    )
    parser.add_argument(
        "--port", type=int, default=settings.port, help=f"port (default {settings.port})"
    )


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="todo", description="The event-driven TODO service.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="everything in one process (the embedded default)")
    _add_http_options(serve, settings)
    api = commands.add_parser("api", help="the REST API service")
    _add_http_options(api, settings)
    auth = commands.add_parser("auth", help="the Auth service (accounts, sessions, JWKS)")
    _add_http_options(auth, settings)
    commands.add_parser(
        "relay", help="the outbox relay (outbox -> Kafka; needs Kafka) until SIGTERM"
    )
    _add_scheduler_commands(commands)
    commands.add_parser(
        "mailer",
        help="the mailer (due reminders and digests -> e-mail) until SIGTERM",
        description=(
            "Sends queued e-mail jobs over SMTP (TODO_SMTP_HOST) or as .eml files; with "
            "TODO_KAFKA_BOOTSTRAP_SERVERS it also consumes the events as the group `mailer`."
        ),
    )
    _add_mail_commands(commands)
    openapi = commands.add_parser(
        "openapi", help="print the OpenAPI document (JSON) of `todo serve`"
    )
    openapi.add_argument("--output", help="write it to this file instead")
    kafka = commands.add_parser("kafka", help="Kafka administration").add_subparsers(
        dest="kafka_command", required=True, metavar="KAFKA_COMMAND"
    )
    init_topics = kafka.add_parser("init-topics", help="create the event topics (idempotent)")
    init_topics.add_argument(
        "--replication-factor",
        type=int,
        default=1,
        help="replicas per partition (default 1, a single broker; 3 in production)",
    )
    export = kafka.add_parser(
        "export-contracts", help="write the event JSON Schemas and the AsyncAPI document"
    )
    export.add_argument("--output", default="docs/contracts/events", help="target directory")
    export.add_argument(
        "--check", action="store_true", help="only report files that differ (exit 1 if any)"
    )
    migrate = commands.add_parser("migrate", help="upgrade the database schema to the newest")
    migrate.add_argument("--revision", default="head", help="target revision (default head)")
    _add_events_commands(commands)
    return parser


def _add_scheduler_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    scheduler = commands.add_parser(
        "scheduler",
        help="the scheduler (reminders, digests, housekeeping) until SIGTERM",
        description="Without an action: run the scheduler until SIGTERM or SIGINT.",
    )
    actions = scheduler.add_subparsers(dest="scheduler_command", metavar="ACTION")
    actions.add_parser("jobs", help="every job: its schedule, its last run and its next run")
    run = actions.add_parser("run", help="run one job now, outside its schedule")
    run.add_argument("job", help="the job's name (see `todo scheduler jobs`)")


def _add_events_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    events = commands.add_parser("events", help="operate the event consumers")
    actions = events.add_subparsers(dest="events_command", required=True, metavar="ACTION")
    replay = actions.add_parser(
        "replay-dead-letters",
        help="deliver dead letters again, oldest first, once their cause is fixed",
        description=(
            "Kafka letters are produced again to their topic (same key, headers, value) and "
            "marked replayed; consumers' inboxes keep the effects single."
        ),
    )
    replay.add_argument("--consumer", help="only this consumer's letters (default: all)")
    replay.add_argument(
        "--limit", type=_positive, default=100, help="at most this many letters (default 100)"
    )
    replay.add_argument(
        "--dry-run", action="store_true", help="list the letters that would be replayed"
    )


def _add_mail_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mail = commands.add_parser("mail", help="operate the mailer's e-mail jobs")
    actions = mail.add_subparsers(dest="mail_command", required=True, metavar="ACTION")
    jobs = actions.add_parser(
        "jobs", help="list e-mail jobs, newest first, with their attempts and last reply"
    )
    jobs.add_argument("--status", choices=("pending", "sent", "failed"), help="only these")
    jobs.add_argument(
        "--limit", type=_positive, default=100, help="at most this many (default 100)"
    )
    retry = actions.add_parser("retry", help="queue a failed e-mail job again")
    retry.add_argument("job_id", metavar="ID", help="the job's id, as `todo mail jobs` shows it")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _replay_dead_letters(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from entrypoints.dead_letter_replay import describe, replay_dead_letters
    from todo_core import StorageUnavailable

    try:
        report = asyncio.run(
            replay_dead_letters(
                settings, consumer=args.consumer, limit=args.limit, dry_run=args.dry_run
            )
        )
    except StorageUnavailable as error:
        # Letters replayed before the failure are marked; running again resumes after them.
        print(f"todo events replay-dead-letters: {error}; try again later", file=sys.stderr)
        return EXIT_UNAVAILABLE
    for letter in report.replayed:
        print(f"replayed {describe(letter)}")
    for letter in report.left:
        print(f"{'would replay' if args.dry_run else 'left'} {describe(letter)}")
    if report.left and not args.dry_run:
        print(
            f"todo events replay-dead-letters: {len(report.left)} letter(s) left pending: "
            "Kafka letters need TODO_KAFKA_BOOTSTRAP_SERVERS, in-process letters their "
            "consumer's process.",
            file=sys.stderr,
        )
        return EXIT_UNAVAILABLE
    return 0


def _mail(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from entrypoints.mail_commands import list_jobs, retry_job

    if args.mail_command == "jobs":
        return asyncio.run(list_jobs(settings, status=args.status, limit=args.limit))
    return asyncio.run(retry_job(settings, args.job_id))


def _mailer(settings: Settings) -> int:
    import asyncio

    from entrypoints.container import build_container
    from entrypoints.mailer_service import run_mailer

    _configure_logging(settings)
    return asyncio.run(run_mailer(build_container(settings)))


def _configure_logging(settings: Settings) -> None:
    """The process's logging, set up once: the services' own records and the apps' (which
    leave logging alone) go to stderr at `TODO_LOG_LEVEL`; uvicorn keeps its own loggers."""
    import logging

    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )


def _serve_http(settings: Settings, host: str, port: int, name: str) -> int:
    # Imported here so `todo migrate` and `todo --help` do not pay for the web stack.
    from entrypoints.container import build_container
    from entrypoints.http import create_api_app, create_app, create_auth_app
    from entrypoints.server import serve_http

    factory = {"serve": create_app, "api": create_api_app, "auth": create_auth_app}[name]
    _configure_logging(settings)
    container = build_container(settings)
    app = factory(container)
    if name == "serve":
        from entrypoints.mailer_service import mailer_alongside
        from entrypoints.relay_service import relay_alongside
        from entrypoints.scheduler_service import scheduler_alongside

        # Everything in one process: the relay (to Kafka when configured, else to this
        # process's event handlers, the in-process publisher), the scheduler (reminders,
        # digests, housekeeping) and the mail sender.
        relay_alongside(app, container)
        scheduler_alongside(app, container)
        mailer_alongside(app, container)
    serve_http(
        app,
        host=host,
        port=port,
        log_level=settings.log_level,
        name=name,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


def _export_openapi(settings: Settings, output: str | None) -> int:
    from pathlib import Path

    from entrypoints.http.export_openapi import render_openapi, service_document

    text = render_openapi(service_document(settings))
    if output is None:
        print(text, end="")
    else:
        Path(output).write_text(text, encoding="utf-8")
    return 0


def _relay(settings: Settings) -> int:
    import asyncio

    from entrypoints.container import build_container
    from entrypoints.relay_service import run_relay

    _configure_logging(settings)
    return asyncio.run(run_relay(build_container(settings)))


def _scheduler(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from entrypoints.container import build_container
    from entrypoints.scheduler_service import job_statuses, run_job, run_scheduler
    from todo_core import StorageUnavailable

    _configure_logging(settings)
    container = build_container(settings)
    try:
        if args.scheduler_command is None:
            return asyncio.run(run_scheduler(container))
        if args.scheduler_command == "run":
            if args.job not in container.scheduler().jobs:
                known = ", ".join(container.scheduler().jobs)
                print(f"todo scheduler run: no job {args.job!r} (jobs: {known})", file=sys.stderr)
                return EXIT_USAGE
            print(f"{args.job}: {asyncio.run(run_job(container, args.job))}", flush=True)
            return 0
        statuses = asyncio.run(job_statuses(container))
    except StorageUnavailable as error:
        print(f"todo scheduler: {error}; try again later", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(f"{'job':<14} {'schedule':<14} {'last run (slot)':<27} {'next run':<27} last result")
    for status in statuses:
        last = "-" if status.last_slot is None else status.last_slot.isoformat()
        if status.last_slot is not None and status.last_finished_at is None:
            last += " (unfinished)"
        print(
            f"{status.name:<14} {status.schedule:<14} {last:<27} "
            f"{status.next_run.isoformat():<27} {status.last_summary or '-'}"
        )
    return 0


def _kafka(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from entrypoints.kafka_commands import export_contracts, init_topics

    if args.kafka_command == "init-topics":
        return init_topics(settings, replication_factor=args.replication_factor)
    return export_contracts(Path(args.output), check=args.check)


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints.migrate import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"todo migrate: database is at {args.revision}", flush=True)
    return 0


_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "openapi": lambda settings, args: _export_openapi(settings, args.output),
    "relay": lambda settings, _args: _relay(settings),
    "mailer": lambda settings, _args: _mailer(settings),
    "mail": _mail,
    "kafka": _kafka,
    "scheduler": _scheduler,
    "events": _replay_dead_letters,
    "migrate": _migrate,
}


def main(argv: Sequence[str] | None = None) -> int:
    settings = Settings()
    args = _parser(settings).parse_args(argv)
    command = _COMMANDS.get(args.command)
    if command is not None:
        return command(settings, args)
    # The HTTP services: `serve` runs the Auth service, the API and the relay in one process.
    return _serve_http(settings, args.host, args.port, args.command)


if __name__ == "__main__":
    sys.exit(main())
