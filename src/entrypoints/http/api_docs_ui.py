"""The API's documentation page at `/schema`: Swagger UI served from the installed
`swagger-ui-bundle-v2` package (its version pinned in uv.lock), never from a CDN.

Litestar's viewers load their scripts from public CDNs (Redoc's unpinned) and inline the
document in a script, so a page under the API's own origin ran whatever those hosts served,
and showed nothing offline. This page loads only same-origin files: Swagger UI's bundle and
stylesheet from the package's directory, and a fixed start-up script that fetches
`/schema/openapi.json`; `security_headers` gives it a Content-Security-Policy that allows
nothing else (no inline script, no other origin).
"""

from __future__ import annotations

import html
from typing import Any, Final

from litestar import Request, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.static_files import create_static_files_router
from swagger_ui_bundle import swagger_ui_path

__all__ = ["ASSETS_PATH", "INIT_SCRIPT_PATH", "SwaggerUiFromPackage"]

# Under the OpenAPI router's own path (`/schema`).
ASSETS_PATH: Final = "/assets/swagger-ui"
INIT_SCRIPT_PATH: Final = "/assets/swagger-ui-init.js"
# The files change only with the package: a day in browsers' caches.
_CACHE = CacheControlHeader(public=True, max_age=86_400)
_INIT_SCRIPT: Final = """\
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
"""


@get(
    INIT_SCRIPT_PATH,
    media_type="text/javascript",
    include_in_schema=False,
    sync_to_thread=False,
    cache_control=_CACHE,
)
def _init_script() -> str:
    return _INIT_SCRIPT


class SwaggerUiFromPackage(OpenAPIRenderPlugin):
    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"], favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        root = request.app.route_reverse("static_swagger_ui", file_path="/").rstrip("/")
        init = request.app.route_reverse(_init_script)
        title = html.escape(str(openapi_schema["info"]["title"]))
        spec = html.escape(self.get_openapi_json_route(request))
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{root}/swagger-ui.css">
<script src="{root}/swagger-ui-bundle.js"></script>
<script src="{init}"></script>
</head>
<body>
<div id="swagger-ui" data-openapi="{spec}"></div>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        router.register(
            create_static_files_router(
                path=ASSETS_PATH,
                directories=[swagger_ui_path],
                name="static_swagger_ui",
                include_in_schema=False,
                cache_control=_CACHE,
            )
        )
        router.register(_init_script)
