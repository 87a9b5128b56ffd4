"""The OpenAPI document as it is committed: `docs/contracts/rest/openapi.json`.

The exported document is the one `todo serve` serves: the Auth routes, the API routes and
health, in one file. `todo auth` and `todo api` serve the same operations, each its own share
(a test checks that each is exactly that share). Written by
`todo openapi --output docs/contracts/rest/openapi.json`; a test fails when the committed file
and the served document drift apart. Sorted keys, two-space indent and a final newline keep the
file's diffs about the contract only.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Litestar
from pydantic import SecretStr

from adapters.jwt import SigningKey
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings

__all__ = ["EXPORT_PATH", "openapi_document", "render_openapi", "service_document"]

EXPORT_PATH = "docs/contracts/rest/openapi.json"


def openapi_document(app: Litestar) -> dict[str, Any]:
    return app.openapi_schema.to_schema()


def service_document(settings: Settings) -> dict[str, Any]:
    """The document of `todo serve`, built without a database or a key file: nothing connects
    until a request needs it, and the document names no key, so a throwaway one spares
    `key_directory` a generated key."""
    throwaway = SecretStr(SigningKey.generate().private_pem().decode())
    container = build_container(settings.model_copy(update={"signing_keys": (throwaway,)}))
    return openapi_document(create_app(container))


def render_openapi(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
