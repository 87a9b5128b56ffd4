"""The committed OpenAPI document is the one the API serves, and `todo openapi` writes it."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import AsyncTestClient

from entrypoints.cli import main
from entrypoints.container import build_container
from entrypoints.http import create_api_app
from entrypoints.http.export_openapi import EXPORT_PATH, render_openapi
from entrypoints.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
UPDATE = f"run `todo openapi --output {EXPORT_PATH}` and commit the result"


async def test_the_committed_document_is_the_served_one(tmp_path: Path) -> None:
    # The document needs no database: nothing connects until a request needs it.
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    async with AsyncTestClient(app=create_api_app(build_container(settings))) as client:
        response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    served = render_openapi(response.json())
    committed = (ROOT / EXPORT_PATH).read_text(encoding="utf-8")
    assert committed == served, f"{EXPORT_PATH} differs from the API's schema: {UPDATE}"


def test_the_openapi_command_writes_the_committed_document(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    assert main(["openapi", "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == (ROOT / EXPORT_PATH).read_text(encoding="utf-8")
