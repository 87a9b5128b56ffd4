"""`/api/v1/lists`: the caller's todo lists.

Conditional requests follow `entrypoints.http.etags`; pages, `entrypoints.http.paging`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    expected_version,
    tagged,
    tagged_unless_current,
)
from entrypoints.http.list_schemas import (
    CreateListRequest,
    ListPageResource,
    ListResource,
    UpdateListRequest,
)
from entrypoints.http.openapi_docs import link_by_id
from entrypoints.http.paging import DEFAULT_PAGE_SIZE, Limit, PageCursor
from entrypoints.http.routes import API_PROBLEMS, Routes
from entrypoints.http.unset_fields import unless_unset
from entrypoints.http.use_cases import use_cases
from todo_core.domain.ids import ListId, UserId
from todo_core.use_cases import (
    CreateListCommand,
    DeleteListCommand,
    GetListQuery,
    ListListsQuery,
    ListPage,
    ListView,
    PatchListCommand,
    UseCase,
)

__all__ = ["ListController"]

_ROUTES = Routes(
    API_PROBLEMS,
    links={
        "getList": link_by_id("getList", "list_id", "Read the list again"),
        "updateList": link_by_id("updateList", "list_id", "Change the list"),
        "deleteList": link_by_id("deleteList", "list_id", "Delete the list"),
    },
    idempotent_posts=True,
)
_ONE = "/{list_id:uuid}"
GetList = UseCase[GetListQuery, ListView]


class ListController(Controller):
    path = "/api/v1/lists"
    tags = ("lists",)
    dependencies = use_cases("list_lists", "create_list", "get_list", "patch_list", "delete_list")

    @_ROUTES.get("/", "listLists", "List lists in display order")
    async def list_page(
        self,
        *,
        list_lists: NamedDependency[UseCase[ListListsQuery, ListPage]],
        user: NamedDependency[UserId],
        limit: Limit = DEFAULT_PAGE_SIZE,
        cursor: PageCursor = None,
        include_archived: Annotated[
            bool, QueryParameter(description="Archived lists too (hidden by default).")
        ] = False,
    ) -> ListPageResource:
        query = ListListsQuery(
            actor=user, limit=limit, cursor=cursor, include_archived=include_archived
        )
        return ListPageResource.of(await list_lists(query))

    @_ROUTES.post("/", "createList", "Create a list, placed after the others")
    async def create(
        self,
        data: JSONBody[CreateListRequest],
        create_list: NamedDependency[UseCase[CreateListCommand, ListView]],
        user: NamedDependency[UserId],
    ) -> Response[ListResource]:
        view = await create_list(CreateListCommand(actor=user, name=data.name))
        return tagged(ListResource.of, view, status_code=201, location=f"{self.path}/{view.id}")

    @_ROUTES.get(_ONE, "getList", "Get one list", one=True)
    async def get_one(
        self,
        list_id: FromPath[UUID],
        get_list: NamedDependency[GetList],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[ListResource]:
        view = await get_list(GetListQuery(actor=user, list_id=ListId(list_id)))
        return tagged_unless_current(ListResource.of, view, if_none_match)

    @_ROUTES.patch(
        _ONE,
        "updateList",
        "Rename, move, archive or unarchive a list",
        409,
        one=True,
        description=(
            "Only the fields given change (at least one), all or none: one transaction. Each "
            "real change still adds a version, so the answer's may be several past the "
            "If-Match one."
        ),
    )
    async def update(  # noqa: PLR0913 - the body, the header and the use cases it needs
        self,
        *,
        list_id: FromPath[UUID],
        data: JSONBody[UpdateListRequest],
        patch_list: NamedDependency[UseCase[PatchListCommand, ListView]],
        get_list: NamedDependency[GetList],
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
        query = GetListQuery(actor=user, list_id=command.list_id)
        version = await expected_version(if_match, get_list, query)
        return tagged(ListResource.of, await patch_list(replace(command, expected_version=version)))

    @_ROUTES.delete(_ONE, "deleteList", "Delete a list; its todos go to the trash", 409)
    async def remove(
        self,
        list_id: FromPath[UUID],
        delete_list: NamedDependency[UseCase[DeleteListCommand, None]],
        get_list: NamedDependency[GetList],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        query = GetListQuery(actor=user, list_id=ListId(list_id))
        version = await expected_version(if_match, get_list, query)
        await delete_list(
            DeleteListCommand(actor=user, list_id=query.list_id, expected_version=version)
        )
