"""Serve an ASGI app with uvicorn until SIGINT / SIGTERM.

The HTTP implementation is pinned (httptools, with the head limits of `bounded_http`) rather
than left to uvicorn's choice of whatever is installed; forwarded client addresses are read
only from the configured proxies (`forwarded`).
"""

from __future__ import annotations

from collections.abc import Sequence

import uvicorn
from litestar import Litestar

from entrypoints.bounded_http import BoundedHttpToolsProtocol
from entrypoints.forwarded import behind_proxies

__all__ = ["serve_http"]


def serve_http(  # noqa: PLR0913 - the settings a process serves with
    app: Litestar,
    *,
    host: str,
    port: int,
    log_level: str,
    name: str,
    forwarded_allow_ips: Sequence[str] = (),
) -> None:
    config = uvicorn.Config(
        # Litestar declares its ASGI callable with its own, narrower message types.
        behind_proxies(app, forwarded_allow_ips),  # type: ignore[arg-type]
        host=host,
        port=port,
        log_level=log_level,
        http=BoundedHttpToolsProtocol,
        # `behind_proxies` applies uvicorn's middleware itself, for the configured proxies only
        # (uvicorn's own default would trust 127.0.0.1, or FORWARDED_ALLOW_IPS from anywhere).
        proxy_headers=False,
        server_header=False,
    )
    display_host = f"[{host}]" if ":" in host else host
    print(f"todo {name}: serving on http://{display_host}:{port}", flush=True)  # noqa: T201
    uvicorn.Server(config).run()
