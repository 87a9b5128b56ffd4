"""The Litestar app factory: one builder, three shapes of the same service.

- `create_auth_app`: the Auth service (`/auth/*`, the JWKS) and health;
- `create_api_app`: the API service (`/api/v1/*`), checking tokens with public keys only;
- `create_app`: both route sets on one port, for `todo serve`.

Every shape shares the error mapping, the security headers, CORS, rate limits, the 64 KiB
body limit, the JSON decoding, the refusal of unknown query parameters and the health probes,
so a route behaves the same wherever it is served.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components
from litestar.types import ControllerRouterHandler

from entrypoints.container import Container
from entrypoints.http.allow_header import complete_allow_header
from entrypoints.http.api_docs_ui import SwaggerUiFromPackage
from entrypoints.http.auth import AuthController
from entrypoints.http.authentication import (
    BEARER_SECURITY,
    BEARER_SECURITY_SCHEME,
    AccessTokenVerifier,
    request_identifier,
    user_dependency,
)
from entrypoints.http.health import (
    HealthController,
    MailSummaryReport,
    OutboxLagReport,
    ReadinessCheck,
)
from entrypoints.http.idempotency import IdempotencyMiddleware
from entrypoints.http.json_body import JsonRequest
from entrypoints.http.jwks import JwksDocument, jwks
from entrypoints.http.labels import LabelController
from entrypoints.http.lists import ListController
from entrypoints.http.problem_details import problem_details_plugin
from entrypoints.http.query_parameters import refuse_unknown_query_parameters
from entrypoints.http.rate_limits import api_rate_limit, credential_rate_limits, rate_limit_store
from entrypoints.http.security_headers import add_security_headers, cors_config
from entrypoints.http.strict_struct_schema import StrictStructSchemaPlugin
from entrypoints.http.todos import TodoController
from entrypoints.http.trash import TrashController
from entrypoints.http.unsubscribe import unsubscribe
from entrypoints.http.use_cases import APPLICATION
from todo_core.use_cases.unsubscribe import Unsubscribe

__all__ = ["create_api_app", "create_app", "create_auth_app"]

_AUTH_ROUTES: Sequence[ControllerRouterHandler] = (AuthController, jwks)
# Every API route needs a bearer token: the router says so once, for the OpenAPI document.
_API_ROUTES: Sequence[ControllerRouterHandler] = (
    Router(
        path="/",
        route_handlers=[TodoController, ListController, LabelController, TrashController],
        security=BEARER_SECURITY,
    ),
    # The one API route without a login: its signed token is the authority.
    unsubscribe,
)


def create_auth_app(container: Container) -> Litestar:
    """The Auth service: it signs, so it verifies `/auth/me` with its own key ring."""
    return _build(container, _AUTH_ROUTES, container.token_service(), title="TODO Auth")


def create_api_app(container: Container) -> Litestar:
    """The API service: tokens checked against the configured JWKS (or the local ring)."""
    return _build(container, _API_ROUTES, container.api_token_verifier(), title="TODO API")


def create_app(container: Container) -> Litestar:
    """Auth and API together (`todo serve`): one process, one key ring."""
    routes = (*_AUTH_ROUTES, *_API_ROUTES)
    return _build(container, routes, container.token_service(), title="TODO")


def _build(
    container: Container,
    routes: Sequence[ControllerRouterHandler],
    verifier: AccessTokenVerifier,
    *,
    title: str,
) -> Litestar:
    def provide_readiness() -> ReadinessCheck:
        return container.database_ready

    def provide_outbox_lag() -> OutboxLagReport:
        return container.outbox_lag

    def provide_mail_summary() -> MailSummaryReport:
        return container.mail_summary

    def provide_unsubscribe() -> Unsubscribe:
        return container.unsubscribe()

    def provide_jwks() -> JwksDocument:
        return container.token_service().jwks()

    async def shut_down() -> None:
        # The engine reconnects if the app starts again; the password hasher is left running
        # for the same reason (a closed one cannot be reopened, and the Application holds it):
        # its idle worker threads end with the process.
        await container.engine().dispose()

    settings = container.settings()
    return Litestar(
        route_handlers=[HealthController, *routes],
        # The contract's limit on every body: larger ones are refused (413) before being read.
        request_max_body_size=64 * 1024,
        # Every JSON body is decoded there: 415 for another media type, 400 for what is not JSON.
        request_class=JsonRequest,
        # The use cases, each handed to the handlers that ask for it by name (`use_cases`).
        state=State({APPLICATION: container.application}),
        dependencies={
            "user": user_dependency(verifier),
            "database_ready": Provide(provide_readiness, sync_to_thread=False),
            "outbox_lag": Provide(provide_outbox_lag, sync_to_thread=False),
            "mail_summary": Provide(provide_mail_summary, sync_to_thread=False),
            "unsubscribe_mail": Provide(provide_unsubscribe, sync_to_thread=False),
            "jwks_document": Provide(provide_jwks, sync_to_thread=False),
        },
        middleware=[
            *credential_rate_limits(
                per_address=settings.rate_limit_auth_per_minute,
                per_email=settings.rate_limit_email_per_minute,
            ),
            *api_rate_limit(settings.rate_limit_api_per_minute, verifier),
            # Innermost, after the rate limits (a replay still counts); it identifies the
            # caller exactly as the `user` dependency does, or replies would cross users.
            IdempotencyMiddleware(
                store=container.idempotency_store(), identify=request_identifier(verifier)
            ),
        ],
        # Every route refuses query parameters it does not take (400).
        before_request=refuse_unknown_query_parameters,
        stores={"rate_limit": rate_limit_store()},
        before_send=[add_security_headers, complete_allow_header],
        cors_config=cors_config(settings.cors_allow_origins),
        plugins=[problem_details_plugin(), StrictStructSchemaPlugin()],
        openapi_config=OpenAPIConfig(
            title=title,
            version="1.0.0",
            path="/schema",
            components=Components(security_schemes=BEARER_SECURITY_SCHEME),
            # The document, and one viewer served from an installed package: no CDN.
            render_plugins=[JsonRenderPlugin(), YamlRenderPlugin(), SwaggerUiFromPackage()],
        ),
        on_shutdown=[shut_down],
        debug=settings.debug,
        # The process configures logging once (the todo command, uvicorn); Litestar's default
        # would re-run dictConfig per app (closing every handler already set up) and start a
        # queue-listener thread per app that nothing stops. Unhandled errors are logged by
        # problem_details in every mode (Litestar logs them only in debug mode).
        logging_config=None,
    )
