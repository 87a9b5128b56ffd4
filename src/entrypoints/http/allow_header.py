"""`Allow` on OPTIONS answers names every method of the path.

Litestar 2 builds a path's OPTIONS handler from the first handler registered on it, so
`OPTIONS /api/v1/lists` answered `Allow: OPTIONS, POST` without GET (litestar#4169, fixed in
Litestar 3). This hook rewrites the header from the app's routes, which know every method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.datastructures import MutableScopeHeaders
from litestar.routes import HTTPRoute

if TYPE_CHECKING:
    from litestar.types import Message, Scope

__all__ = ["complete_allow_header"]


async def complete_allow_header(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    template = scope.get("path_template")
    methods = next(
        (
            route.methods
            for route in scope["app"].routes
            if isinstance(route, HTTPRoute) and route.path_format == template
        ),
        None,
    )
    if methods:
        MutableScopeHeaders.from_message(message)["Allow"] = ", ".join(sorted(methods))
