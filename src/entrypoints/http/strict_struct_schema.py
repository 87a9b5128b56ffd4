"""Request bodies documented as closed, as the API treats them, PATCH bodies as non-empty, and
every field with all the constraints its declaration states."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

# Litestar's own plugin for msgspec structs, extended below: it is not exported publicly.
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

__all__ = ["PatchBody", "StrictStructSchemaPlugin"]


class PatchBody(msgspec.Struct, forbid_unknown_fields=True):
    """The body of a PATCH: every field optional (absent: unchanged), at least one given. The
    core refuses an empty change (422); the schema says so with `minProperties: 1`."""


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's schema of a msgspec struct, plus `additionalProperties: false` when the
    struct refuses unknown fields (every request body does: no mass assignment), and each
    field's constraints as msgspec declares them: Litestar drops a bound of 0 (`ge=0`) and
    ignores the rules a field adds with `Meta(extra_json_schema=...)` (`field_rules`)."""

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType):
            for field in info.fields:
                field_schema = (schema.properties or {}).get(field.encode_name)
                if isinstance(field_schema, Schema):
                    _state_constraints(field_schema, field.type)
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


# msgspec's constraints, by the JSON Schema keyword each one is.
_CONSTRAINTS = {
    msgspec.inspect.IntType: {"ge": "minimum", "le": "maximum"},
    msgspec.inspect.StrType: {
        "min_length": "minLength",
        "max_length": "maxLength",
        "pattern": "pattern",
    },
    msgspec.inspect.ListType: {"min_length": "minItems", "max_length": "maxItems"},
}


def _state_constraints(field_schema: Schema, field_type: msgspec.inspect.Type) -> None:
    """Write a field's constraints, then its `extra_json_schema`, into its schema: into the
    one alternative of its `oneOf` that is not null (where they apply), else into itself."""
    stated: dict[str, Any] = {}
    if isinstance(field_type, msgspec.inspect.UnionType):
        values = [t for t in field_type.types if not isinstance(t, msgspec.inspect.NoneType)]
        field_type = values[0] if len(values) == 1 else field_type
    if isinstance(field_type, msgspec.inspect.Metadata):
        extra = field_type.extra_json_schema or {}
        field_type = field_type.type
    else:
        extra = {}
    for attribute, keyword in _CONSTRAINTS.get(type(field_type), {}).items():
        if (value := getattr(field_type, attribute)) is not None:
            stated[keyword] = value
    stated.update({k: v for k, v in extra.items() if k not in ("title", "description")})
    if not stated:
        return
    target = _value_alternative(field_schema)
    aliases = Schema.field_aliases()
    for keyword, value in stated.items():
        attribute = aliases.get(keyword, keyword)
        if not hasattr(target, attribute):
            msg = f"{keyword} is not a JSON Schema keyword Litestar writes"
            raise ValueError(msg)
        setattr(target, attribute, value)
        if target is not field_schema:
            # Litestar writes some of them beside the `oneOf`: one place is enough.
            setattr(field_schema, attribute, None)


def _value_alternative(field_schema: Schema) -> Schema:
    values = [
        option
        for option in field_schema.one_of or ()
        if isinstance(option, Schema) and option.type not in (None, OpenAPIType.NULL)
    ]
    return values[0] if len(values) == 1 else field_schema
