"""The Litestar HTTP edge: controllers, schemas and the one place core errors become statuses."""

from entrypoints.http.app import create_api_app, create_app, create_auth_app

__all__ = ["create_api_app", "create_app", "create_auth_app"]
