"""The API's OpenAPI document as it is committed: `docs/contracts/rest/openapi.json`.

Written by `todo openapi --output docs/contracts/rest/openapi.json`; a test fails when the
committed file and the served document drift apart. Sorted keys, two-space indent and a final
newline keep the file's diffs about the contract only.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Litestar

__all__ = ["EXPORT_PATH", "openapi_document", "render_openapi"]

EXPORT_PATH = "docs/contracts/rest/openapi.json"


def openapi_document(app: Litestar) -> dict[str, Any]:
    return app.openapi_schema.to_schema()


def render_openapi(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
