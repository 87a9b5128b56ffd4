"""The documentation page under `/schema`: everything it loads comes from the service itself
(Swagger UI from an installed package), under a Content-Security-Policy that allows nothing
else. No network is needed to show it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from entrypoints.container import build_container
from entrypoints.http import create_api_app, create_app, create_auth_app
from tests.e2e.todo_api_support import e2e_settings
from tests.support.http_client import Client, http_client

_UNUSED_DATABASE = "sqlite+aiosqlite:///:memory:"
_REFERENCE = re.compile(r'\b(?:src|href|data-openapi)="([^"]*)"')
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL)


@pytest.fixture(params=[create_app, create_auth_app, create_api_app])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[Client]:
    app = request.param(build_container(e2e_settings(_UNUSED_DATABASE)))
    async with http_client(app) as c:
        yield c


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger"])
async def test_the_page_loads_only_same_origin_files(client: Client, path: str) -> None:
    page = await client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    references = _REFERENCE.findall(page.text)
    assert len(references) == 4, page.text  # stylesheet, Swagger UI, its start-up, the document
    for reference in references:
        assert re.match(r"/[^/]", reference), reference
    assert "http" not in page.text.lower().replace("http-equiv", "")
    # No inline script: the CSP below could not allow one.
    for attributes, body in _SCRIPT.findall(page.text):
        assert "src=" in attributes
        assert not body.strip()


async def test_every_file_the_page_names_is_served(client: Client) -> None:
    page = await client.get("/schema")
    expected = {".css": "text/css", ".js": "text/javascript", ".json": "application/vnd.oai"}
    for reference in _REFERENCE.findall(page.text):
        asset = await client.get(reference)
        assert asset.status_code == 200, reference
        kind = next(kind for suffix, kind in expected.items() if reference.endswith(suffix))
        assert asset.headers["content-type"].startswith(kind), reference
    bundle = await client.get("/schema/assets/swagger-ui/swagger-ui-bundle.js")
    assert b"SwaggerUIBundle" in bundle.content
    assert bundle.headers["cache-control"] == "max-age=86400, public"


async def test_the_page_has_a_policy_allowing_its_own_origin_only(client: Client) -> None:
    policy = (await client.get("/schema")).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize("viewer", ["redoc", "rapidoc", "elements"])
async def test_the_cdn_viewers_are_not_served(client: Client, viewer: str) -> None:
    response = await client.get(f"/schema/{viewer}")
    assert response.status_code == 404
    assert "cdn" not in response.text.lower()
