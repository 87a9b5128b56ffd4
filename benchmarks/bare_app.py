"""framework_tax's baseline: a bare Litestar app with the one route, served exactly as the API
is (`entrypoints.server.serve_http`: same uvicorn settings, one worker).

    python -m benchmarks.bare_app [--host H] [--port P]
"""

from __future__ import annotations

import argparse
import os

from litestar import Litestar, get

from entrypoints.server import serve_http

__all__ = ["create_bare_app"]


@get("/health/live", cache=False)
async def live() -> dict[str, str]:
    return {"status": "ok"}


def create_bare_app() -> Litestar:
    return Litestar(route_handlers=[live])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    # The level the harness gives every server it starts (see servers.server_environment).
    level = os.environ.get("TODO_LOG_LEVEL", "warning")
    serve_http(
        create_bare_app(), host=arguments.host, port=arguments.port, log_level=level, name="bare"
    )


if __name__ == "__main__":
    main()
