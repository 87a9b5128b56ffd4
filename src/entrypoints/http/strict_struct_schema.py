"""Request bodies documented as closed, as the API treats them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

# Litestar's own plugin for msgspec structs, extended below: it is not exported publicly.
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition

__all__ = ["StrictStructSchemaPlugin"]


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
        return schema
