"""`/api/v1/labels`: the caller's labels.

Conditional requests follow the rules written down in `entrypoints.http.lists`. A PATCH is one
use case: renaming and recolouring pass one version check and commit together (each real change
still adds its own version).
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import msgspec
from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    entity_tag,
    expected_version,
    none_match,
    not_modified,
)
from entrypoints.http.label_schemas import (
    CreateLabelRequest,
    LabelPageResource,
    LabelResource,
    UpdateLabelRequest,
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
from todo_core import Application
from todo_core.domain.ids import LabelId, UserId
from todo_core.use_cases import (
    CreateLabelCommand,
    DeleteLabelCommand,
    GetLabelQuery,
    LabelView,
    ListLabelsQuery,
    UpdateLabelCommand,
)

__all__ = ["LabelController"]

# What a new or changed label's id leads to.
_LABEL_LINKS = {
    "getLabel": link_by_id("getLabel", "label_id", "Read the label again"),
    "updateLabel": link_by_id("updateLabel", "label_id", "Change the label"),
    "deleteLabel": link_by_id("deleteLabel", "label_id", "Delete the label"),
}
_ONE_LABEL = documented(headers={"ETag": ETAG}, links=_LABEL_LINKS)
# Answers every label route may give: no acting user, rate limit, database down.
_ALWAYS = (401, 429, 503)


def _with_etag(view: LabelView) -> Response[LabelResource]:
    return Response(LabelResource.of(view), headers={"ETag": entity_tag(view.version)})


async def _current_version(app: Application, user: UserId, label_id: LabelId) -> int:
    return (await app.get_label(GetLabelQuery(actor=user, label_id=label_id))).version


def _given(value: str | msgspec.UnsetType) -> str | None:
    return None if value is msgspec.UNSET else value


class LabelController(Controller):
    path = "/api/v1/labels"
    tags = ("labels",)

    @get(
        "/",
        operation_id="listLabels",
        summary="List all labels, by name",
        responses=problem_responses(*_ALWAYS),
        operation_class=documented(),
    )
    async def list_all(
        self, app: NamedDependency[Application], user: NamedDependency[UserId]
    ) -> LabelPageResource:
        return LabelPageResource.of(await app.list_labels(ListLabelsQuery(actor=user)))

    @post(
        "/",
        operation_id="createLabel",
        summary="Create a label (grey unless coloured)",
        responses=problem_responses(*_ALWAYS, *IDEMPOTENCY_PROBLEMS),
        operation_class=documented(
            headers={"ETag": ETAG, "Location": LOCATION}, links=_LABEL_LINKS, idempotent=True
        ),
    )
    async def create(
        self,
        data: JSONBody[CreateLabelRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
    ) -> Response[LabelResource]:
        view = await app.create_label(
            CreateLabelCommand(actor=user, name=data.name, colour=_given(data.colour))
        )
        return Response(
            LabelResource.of(view),
            status_code=201,
            headers={"Location": f"{self.path}/{view.id}", "ETag": entity_tag(view.version)},
        )

    @get(
        "/{label_id:uuid}",
        operation_id="getLabel",
        summary="Get one label",
        responses={**NOT_MODIFIED, **problem_responses(*_ALWAYS, 404)},
        operation_class=_ONE_LABEL,
    )
    async def get_one(
        self,
        label_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[LabelResource]:
        view = await app.get_label(GetLabelQuery(actor=user, label_id=LabelId(label_id)))
        if none_match(if_none_match, view.version):
            return not_modified(view.version)
        return _with_etag(view)

    @patch(
        "/{label_id:uuid}",
        operation_id="updateLabel",
        summary="Rename and/or recolour",
        responses=problem_responses(400, *_ALWAYS, 404, 409, 412, 413, 422),
        operation_class=_ONE_LABEL,
    )
    async def update(
        self,
        label_id: FromPath[UUID],
        data: JSONBody[UpdateLabelRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[LabelResource]:
        # Made first: a command without any field is refused before a version is read.
        command = UpdateLabelCommand(
            actor=user,
            label_id=LabelId(label_id),
            name=_given(data.name),
            colour=_given(data.colour),
        )
        version = await expected_version(
            if_match, lambda: _current_version(app, user, command.label_id)
        )
        view = await app.update_label(replace(command, expected_version=version))
        return _with_etag(view)

    @delete(
        "/{label_id:uuid}",
        operation_id="deleteLabel",
        summary="Delete a label; it comes off every todo",
        responses=problem_responses(*_ALWAYS, 404, 409, 412),
        operation_class=documented(),
    )
    async def remove(
        self,
        label_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        version = await expected_version(
            if_match, lambda: _current_version(app, user, LabelId(label_id))
        )
        await app.delete_label(
            DeleteLabelCommand(actor=user, label_id=LabelId(label_id), expected_version=version)
        )
