"""`/api/v1/lists`: the caller's todo lists.

Conditional requests follow `entrypoints.http.etags` (RFC 9110 section 13), as the todo routes
do. The `ETag` of a single object is its version, quoted (`"3"`).

- `If-Match` (PATCH, DELETE) compares strongly and takes `*` or a list of tags. A stale tag is
  412. So is a value that names no version of ours (a weak tag, an unquoted or non-numeric
  one): it cannot match, and it is never ignored, which would turn the client's guarded write
  into an unguarded one (a lost update). 412 rather than 400 keeps one rule for every route.
  `*` only asks that the object exist, which every write requires anyway.
- `If-None-Match` (GET) compares weakly; `*` or a tag naming the current version is 304 with
  the `ETag` and no body. Anything else, malformed included, gets the full 200: a read is safe.
- Ownership comes first: someone else's object is 404 whatever the headers say (section
  13.2.1: preconditions count only when the answer would otherwise be 2xx or 412).

The core compares one expected version atomically with the write; `expected_version` turns a
header into that one version (the label routes use it too).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    entity_tag,
    expected_version,
    none_match,
    not_modified,
)
from entrypoints.http.list_schemas import (
    CreateListRequest,
    ListPageResource,
    ListResource,
    UpdateListRequest,
)
from entrypoints.http.openapi_docs import (
    ETAG,
    IDEMPOTENCY_PROBLEMS,
    LOCATION,
    NOT_MODIFIED,
    documented,
    link_by_id,
    problem_responses,
)
from entrypoints.http.unset_fields import unless_unset
from todo_core import Application
from todo_core.domain.ids import ListId, UserId
from todo_core.use_cases import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CreateListCommand,
    DeleteListCommand,
    GetListQuery,
    ListListsQuery,
    ListView,
    PatchListCommand,
)

__all__ = ["ListController"]

# What a new or changed list's id leads to.
_LIST_LINKS = {
    "getList": link_by_id("getList", "list_id", "Read the list again"),
    "updateList": link_by_id("updateList", "list_id", "Change the list"),
    "deleteList": link_by_id("deleteList", "list_id", "Delete the list"),
}
_ONE_LIST = documented(headers={"ETag": ETAG}, links=_LIST_LINKS)
# Answers every list route may give: no acting user, rate limit, database down.
_ALWAYS = (401, 429, 503)


async def _current_version(app: Application, user: UserId, list_id: ListId) -> int:
    return (await app.get_list(GetListQuery(actor=user, list_id=list_id))).version


def _with_etag(view: ListView) -> Response[ListResource]:
    return Response(ListResource.of(view), headers={"ETag": entity_tag(view.version)})


class ListController(Controller):
    path = "/api/v1/lists"
    tags = ("lists",)

    @get(
        "/",
        operation_id="listLists",
        summary="List lists in display order",
        responses=problem_responses(*_ALWAYS, 422),
        operation_class=documented(),
    )
    async def list_page(
        self,
        *,
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
        include_archived: Annotated[
            bool, QueryParameter(description="Archived lists too (hidden by default).")
        ] = False,
    ) -> ListPageResource:
        page = await app.list_lists(
            ListListsQuery(
                actor=user, limit=limit, cursor=cursor, include_archived=include_archived
            )
        )
        return ListPageResource.of(page)

    @post(
        "/",
        operation_id="createList",
        summary="Create a list, placed after the others",
        responses=problem_responses(*_ALWAYS, *IDEMPOTENCY_PROBLEMS),
        operation_class=documented(
            headers={"ETag": ETAG, "Location": LOCATION}, links=_LIST_LINKS, idempotent=True
        ),
    )
    async def create(
        self,
        data: JSONBody[CreateListRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
    ) -> Response[ListResource]:
        view = await app.create_list(CreateListCommand(actor=user, name=data.name))
        return Response(
            ListResource.of(view),
            status_code=201,
            headers={"Location": f"{self.path}/{view.id}", "ETag": entity_tag(view.version)},
        )

    @get(
        "/{list_id:uuid}",
        operation_id="getList",
        summary="Get one list",
        responses={**NOT_MODIFIED, **problem_responses(*_ALWAYS, 404)},
        operation_class=_ONE_LIST,
    )
    async def get_one(
        self,
        list_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[ListResource]:
        view = await app.get_list(GetListQuery(actor=user, list_id=ListId(list_id)))
        if none_match(if_none_match, view.version):
            return not_modified(view.version)
        return _with_etag(view)

    @patch(
        "/{list_id:uuid}",
        operation_id="updateList",
        summary="Rename, move, archive or unarchive a list",
        description=(
            "Only the fields given change (at least one), all or none: one transaction. Each "
            "real change still adds a version, so the answer's may be several past the "
            "If-Match one."
        ),
        responses=problem_responses(400, *_ALWAYS, 404, 409, 412, 413, 422),
        operation_class=_ONE_LIST,
    )
    async def update(
        self,
        list_id: FromPath[UUID],
        data: JSONBody[UpdateListRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[ListResource]:
        # Made first: a command without any field is refused before a version is read.
        command = PatchListCommand(
            actor=user,
            list_id=ListId(list_id),
            name=unless_unset(data.name),
            position=unless_unset(data.position),
            archived=unless_unset(data.archived),
        )
        version = await expected_version(
            if_match, lambda: _current_version(app, user, command.list_id)
        )
        return _with_etag(await app.patch_list(replace(command, expected_version=version)))

    @delete(
        "/{list_id:uuid}",
        operation_id="deleteList",
        summary="Delete a list; its todos go to the trash",
        responses=problem_responses(*_ALWAYS, 404, 409, 412),
        operation_class=documented(),
    )
    async def remove(
        self,
        list_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        version = await expected_version(
            if_match, lambda: _current_version(app, user, ListId(list_id))
        )
        await app.delete_list(
            DeleteListCommand(actor=user, list_id=ListId(list_id), expected_version=version)
        )
