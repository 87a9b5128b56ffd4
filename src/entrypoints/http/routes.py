"""One way to declare a route: `Routes`, the route decorators of one controller.

A controller makes one `Routes` with what all its routes share (the problems any of them may
answer beyond what their signatures imply, the links of the object they answer with, whether
its POSTs take an `Idempotency-Key`), and each route adds only what is its own:

    LABELS = Routes(API_PROBLEMS, links=..., idempotent_posts=True)

    @LABELS.patch("/{label_id:uuid}", "updateLabel", "Rename and/or recolour", 409, one=True)
    async def update(self, ...) -> Response[LabelResource]: ...

The rest of the OpenAPI description is written from the signature (`openapi_docs.documented`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from litestar import delete, get, patch, post
from litestar.openapi.spec import Link, OpenAPIHeader

from entrypoints.http.openapi_docs import ETAG, LOCATION, documented, problem_responses

__all__ = ["API_PROBLEMS", "Routes"]

# What any API route may answer whatever it takes: rate limited, database down. (401 comes with
# the bearer requirement, which the API's router declares once.)
API_PROBLEMS: Final = (429, 503)


@dataclass(frozen=True, slots=True)
class Routes:
    """The decorators of one controller's routes, documenting them alike.

    Each takes the path, the operation id, the summary and any problems the route answers
    beyond `problems` and its signature; `one=True` for a route answering with one object (its
    `ETag` header and the `links`), `headers` and `links` for answers of another shape. Other
    keyword arguments go to Litestar's decorator as they are.
    """

    problems: tuple[int, ...]
    links: Mapping[str, Link] = field(default_factory=dict)
    idempotent_posts: bool = False

    def get(self, path: str, operation_id: str, summary: str, *problems: int, **kw: Any) -> get:
        return get(path, **self._documented(operation_id, summary, problems, **kw))

    def post(self, path: str, operation_id: str, summary: str, *problems: int, **kw: Any) -> post:
        """A POST creates (201 with `Location`) unless it gives another `status_code`."""
        created = kw.get("status_code", 201) == 201
        kw.setdefault("idempotent", self.idempotent_posts)
        if created and "headers" not in kw:
            kw["headers"] = {"ETag": ETAG, "Location": LOCATION}
            kw.setdefault("one", True)
        return post(path, **self._documented(operation_id, summary, problems, **kw))

    def patch(self, path: str, operation_id: str, summary: str, *problems: int, **kw: Any) -> patch:
        return patch(path, **self._documented(operation_id, summary, problems, **kw))

    def delete(
        self, path: str, operation_id: str, summary: str, *problems: int, **kw: Any
    ) -> delete:
        return delete(path, **self._documented(operation_id, summary, problems, **kw))

    def _documented(  # noqa: PLR0913 - what one route adds to its controller's
        self,
        operation_id: str,
        summary: str,
        problems: tuple[int, ...],
        *,
        one: bool = False,
        headers: Mapping[str, OpenAPIHeader] | None = None,
        links: Mapping[str, Link] | None = None,
        idempotent: bool = False,
        **options: Any,
    ) -> dict[str, Any]:
        if one:
            headers = headers if headers is not None else {"ETag": ETAG}
            links = links if links is not None else self.links
        return {
            "operation_id": operation_id,
            "summary": summary,
            "responses": problem_responses(*sorted({*self.problems, *problems})),
            "operation_class": documented(headers=headers, links=links, idempotent=idempotent),
            **options,
        }
