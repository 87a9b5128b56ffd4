"""Unknown query parameters are refused, as unknown body fields are.

A typo such as `?stauts=done` would otherwise be ignored, and the client would get every todo
believing it got the open ones. The answer is a 400 problem whose `errors` name each unknown
parameter (`source: query`), given before anything else is read, the caller's token included
(a request that is malformed is refused whoever sends it, like a body that is not JSON).

What a route takes is exactly what Litestar reads for it: the query parameters of its handler
and of the handler's dependencies, from the handler's kwargs model, worked out once per handler.
`OPTIONS` is left alone: a CORS preflight carries the query string of the request it asks about.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from litestar import Request
from litestar.exceptions import ClientException
from litestar.handlers import HTTPRouteHandler

__all__ = ["refuse_unknown_query_parameters"]

_TAKEN: WeakKeyDictionary[HTTPRouteHandler, frozenset[str]] = WeakKeyDictionary()


async def refuse_unknown_query_parameters(request: Request[Any, Any, Any]) -> None:
    """A `before_request` hook for every route of an app."""
    if not request.scope.get("query_string") or request.method == "OPTIONS":
        return
    unknown = sorted(request.query_params.keys() - _taken_by(request))
    if unknown:
        raise ClientException(
            detail=f"Unknown query parameter: {', '.join(unknown)}",
            extra=[
                {"message": "unknown query parameter", "field": name, "source": "query"}
                for name in unknown
            ],
        )


def _taken_by(request: Request[Any, Any, Any]) -> frozenset[str]:
    handler = request.route_handler
    taken = _TAKEN.get(handler)
    if taken is None:
        # Only the names of the path parameters matter to the model (they are not query ones).
        path_parameters: dict[str, Any] = dict.fromkeys(request.path_params)
        model = handler.create_kwargs_model(path_parameters=path_parameters)
        taken = frozenset(parameter.field_alias for parameter in model.expected_query_params)
        _TAKEN[handler] = taken
    return taken
