"""The `todo` command: one program that starts any of the services, or all of them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from entrypoints.settings import Settings

__all__ = ["EXIT_UNAVAILABLE", "main"]

# sysexits.h EX_UNAVAILABLE: the command exists but cannot do its work (yet).
EXIT_UNAVAILABLE = 69

_NOT_YET = {
    "relay": "the outbox relay (outbox -> Kafka)",
    "mailer": "the mailer (events -> e-mail)",
    "scheduler": "the scheduler (reminders, digests, purges)",
}


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
    for name, what in _NOT_YET.items():
        commands.add_parser(name, help=f"{what} [not available yet]")
    openapi = commands.add_parser(
        "openapi", help="print the OpenAPI document (JSON) of `todo serve`"
    )
    openapi.add_argument("--output", help="write it to this file instead")
    migrate = commands.add_parser("migrate", help="upgrade the database schema to the newest")
    migrate.add_argument("--revision", default="head", help="target revision (default head)")
    return parser


def _serve_http(settings: Settings, host: str, port: int, name: str) -> int:
    # Imported here so `todo migrate` and `todo --help` do not pay for the web stack.
    from entrypoints.container import build_container
    from entrypoints.http import create_api_app, create_app, create_auth_app
    from entrypoints.server import serve_http

    factory = {"serve": create_app, "api": create_api_app, "auth": create_auth_app}[name]
    app = factory(build_container(settings))
    serve_http(app, host=host, port=port, log_level=settings.log_level, name=name)
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


def main(argv: Sequence[str] | None = None) -> int:
    settings = Settings()
    args = _parser(settings).parse_args(argv)
    if args.command in _NOT_YET:
        print(
            f"todo {args.command}: {_NOT_YET[args.command]} is not available yet.", file=sys.stderr
        )
        return EXIT_UNAVAILABLE
    if args.command == "openapi":
        return _export_openapi(settings, args.output)
    if args.command == "migrate":
        from entrypoints.migrate import upgrade

        upgrade(settings.database_url, args.revision)
        print(f"todo migrate: database is at {args.revision}", flush=True)
        return 0
    # `serve` grows to run every service; today it is the Auth service and the API.
    return _serve_http(settings, args.host, args.port, args.command)


if __name__ == "__main__":
    sys.exit(main())
