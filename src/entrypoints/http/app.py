"""The Litestar app factory: controllers, dependencies from the container, error mapping."""

from __future__ import annotations

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from entrypoints.container import Container
from entrypoints.http.authentication import authenticated_user
from entrypoints.http.health import HealthController, OutboxLagReport, ReadinessCheck
from entrypoints.http.labels import LabelController
from entrypoints.http.lists import ListController
from entrypoints.http.problem_details import problem_details_plugin
from entrypoints.http.todos import TodoController
from entrypoints.http.trash import TrashController
from todo_core import Application

__all__ = ["create_api_app"]


def create_api_app(container: Container) -> Litestar:
    def provide_application() -> Application:
        return container.application()

    def provide_readiness() -> ReadinessCheck:
        return container.database_ready

    def provide_outbox_lag() -> OutboxLagReport:
        return container.outbox_lag

    async def dispose_engine() -> None:
        await container.engine().dispose()

    settings = container.settings()
    return Litestar(
        route_handlers=[
            HealthController,
            TodoController,
            ListController,
            LabelController,
            TrashController,
        ],
        # The contract's limit on every body: larger ones are refused (413) before being read.
        request_max_body_size=64 * 1024,
        dependencies={
            "app": Provide(provide_application, sync_to_thread=False),
            "user": Provide(authenticated_user),
            "database_ready": Provide(provide_readiness, sync_to_thread=False),
            "outbox_lag": Provide(provide_outbox_lag, sync_to_thread=False),
        },
        plugins=[problem_details_plugin()],
        openapi_config=OpenAPIConfig(title="TODO API", version="1.0.0", path="/schema"),
        on_shutdown=[dispose_engine],
        debug=settings.debug,
    )
