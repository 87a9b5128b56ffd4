"""Request bodies documented as closed, as the API treats them, and PATCH bodies as non-empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

# Litestar's own plugin for msgspec structs, extended below: it is not exported publicly.
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import Reference, Schema

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

__all__ = ["PatchBody", "StrictStructSchemaPlugin"]


class PatchBody(msgspec.Struct, forbid_unknown_fields=True):
    """The body of a PATCH: every field optional (absent: unchanged), at least one given. The
    core refuses an empty change (422); the schema says so with `minProperties: 1`."""


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's schema of a msgspec struct, plus `additionalProperties: false` when the
    struct refuses unknown fields (every request body does: no mass assignment)."""

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields:
            schema.additional_properties = False
        if isinstance(info, msgspec.inspect.StructType) and issubclass(info.cls, PatchBody):
            schema.min_properties = 1
            for field_schema in (schema.properties or {}).values():
                _drop_empty_alternatives(field_schema)
        return schema


def _drop_empty_alternatives(field_schema: Schema | Reference) -> None:
    """Litestar writes `UnsetType | None` (a field that only takes null) as `oneOf: [{}, null]`,
    where `{}` accepts anything, null included, which makes null match twice: invalid."""
    if isinstance(field_schema, Schema) and field_schema.one_of:
        field_schema.one_of = [option for option in field_schema.one_of if option != Schema()]
