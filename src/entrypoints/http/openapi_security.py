"""How the API's OpenAPI document declares authentication: one security scheme, required by
every controller that needs an acting user (`security = API_SECURITY`)."""

from __future__ import annotations

from typing import Final

from litestar.openapi.spec import Components, SecurityRequirement, SecurityScheme

__all__ = ["API_SECURITY", "openapi_components"]

# Provisional: the caller names itself in `X-User-Id` (see entrypoints.http.authentication).
# When access tokens replace it, this scheme becomes `bearerAuth` (HTTP bearer, JWT).
_SECURITY_SCHEME_NAME: Final = "userId"
_SECURITY_SCHEME: Final = SecurityScheme(
    type="apiKey",
    name="X-User-Id",
    security_scheme_in="header",
    description="Provisional: the acting user's id (a UUID), until access tokens replace it.",
)
# For `security=` on every controller that needs an acting user.
API_SECURITY: Final[list[SecurityRequirement]] = [{_SECURITY_SCHEME_NAME: []}]


def openapi_components() -> Components:
    return Components(security_schemes={_SECURITY_SCHEME_NAME: _SECURITY_SCHEME})
