"""Serve an ASGI app with uvicorn until SIGINT / SIGTERM."""

from __future__ import annotations

import uvicorn
from litestar import Litestar

__all__ = ["serve_http"]


def serve_http(app: Litestar, *, host: str, port: int, log_level: str, name: str) -> None:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        # Behind a proxy, set FORWARDED_ALLOW_IPS explicitly; never trust forwarded headers blindly.
        proxy_headers=False,
        server_header=False,
    )
    display_host = f"[{host}]" if ":" in host else host
    print(f"todo {name}: serving on http://{display_host}:{port}", flush=True)  # noqa: T201
    uvicorn.Server(config).run()
