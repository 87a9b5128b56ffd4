"""`/api/v1/labels`: the caller's labels.

Conditional requests follow `entrypoints.http.etags`. A PATCH is one use case: renaming and
recolouring pass one version check and commit together (each real change still adds its own
version).
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    expected_version,
    tagged,
    tagged_unless_current,
)
from entrypoints.http.label_schemas import (
    CreateLabelRequest,
    LabelPageResource,
    LabelResource,
    UpdateLabelRequest,
)
from entrypoints.http.openapi_docs import link_by_id
from entrypoints.http.routes import API_PROBLEMS, Routes
from entrypoints.http.unset_fields import or_none
from entrypoints.http.use_cases import use_cases
from todo_core.domain.ids import LabelId, UserId
from todo_core.use_cases import (
    CreateLabelCommand,
    DeleteLabelCommand,
    GetLabelQuery,
    LabelView,
    ListLabelsQuery,
    UpdateLabelCommand,
    UseCase,
)

__all__ = ["LabelController"]

_ROUTES = Routes(
    API_PROBLEMS,
    links={
        "getLabel": link_by_id("getLabel", "label_id", "Read the label again"),
        "updateLabel": link_by_id("updateLabel", "label_id", "Change the label"),
        "deleteLabel": link_by_id("deleteLabel", "label_id", "Delete the label"),
    },
    idempotent_posts=True,
)
_ONE = "/{label_id:uuid}"
GetLabel = UseCase[GetLabelQuery, LabelView]


class LabelController(Controller):
    path = "/api/v1/labels"
    tags = ("labels",)
    dependencies = use_cases(
        "list_labels", "create_label", "get_label", "update_label", "delete_label"
    )

    @_ROUTES.get("/", "listLabels", "List all labels, by name")
    async def list_all(
        self,
        list_labels: NamedDependency[UseCase[ListLabelsQuery, tuple[LabelView, ...]]],
        user: NamedDependency[UserId],
    ) -> LabelPageResource:
        return LabelPageResource.of(await list_labels(ListLabelsQuery(actor=user)))

    @_ROUTES.post("/", "createLabel", "Create a label (grey unless coloured)")
    async def create(
        self,
        data: JSONBody[CreateLabelRequest],
        create_label: NamedDependency[UseCase[CreateLabelCommand, LabelView]],
        user: NamedDependency[UserId],
    ) -> Response[LabelResource]:
        command = CreateLabelCommand(actor=user, name=data.name, colour=or_none(data.colour))
        view = await create_label(command)
        return tagged(LabelResource.of, view, status_code=201, location=f"{self.path}/{view.id}")

    @_ROUTES.get(_ONE, "getLabel", "Get one label", one=True)
    async def get_one(
        self,
        label_id: FromPath[UUID],
        get_label: NamedDependency[GetLabel],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[LabelResource]:
        view = await get_label(GetLabelQuery(actor=user, label_id=LabelId(label_id)))
        return tagged_unless_current(LabelResource.of, view, if_none_match)

    @_ROUTES.patch(_ONE, "updateLabel", "Rename and/or recolour", 409, one=True)
    async def update(  # noqa: PLR0913 - the body, the header and the use cases it needs
        self,
        *,
        label_id: FromPath[UUID],
        data: JSONBody[UpdateLabelRequest],
        update_label: NamedDependency[UseCase[UpdateLabelCommand, LabelView]],
        get_label: NamedDependency[GetLabel],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[LabelResource]:
        # Made first: a command without any field is refused before a version is read.
        command = UpdateLabelCommand(
            actor=user,
            label_id=LabelId(label_id),
            name=or_none(data.name),
            colour=or_none(data.colour),
        )
        query = GetLabelQuery(actor=user, label_id=command.label_id)
        version = await expected_version(if_match, get_label, query)
        return tagged(
            LabelResource.of, await update_label(replace(command, expected_version=version))
        )

    @_ROUTES.delete(_ONE, "deleteLabel", "Delete a label; it comes off every todo", 409)
    async def remove(
        self,
        label_id: FromPath[UUID],
        delete_label: NamedDependency[UseCase[DeleteLabelCommand, None]],
        get_label: NamedDependency[GetLabel],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        query = GetLabelQuery(actor=user, label_id=LabelId(label_id))
        version = await expected_version(if_match, get_label, query)
        await delete_label(
            DeleteLabelCommand(actor=user, label_id=query.label_id, expected_version=version)
        )
