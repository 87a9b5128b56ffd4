"""`/auth`: accounts and sessions (the Auth service).

Login and refresh answer with a token pair (RFC 6749 section 5.1: `Cache-Control: no-store`);
a wrong password and an unknown e-mail get the identical 401. Register, login and refresh are
rate-limited per client address and (register, login) per e-mail address: their `opt` asks
`entrypoints.http.rate_limits` for it. `/auth/me` needs a bearer access token, like the API.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from entrypoints.http.auth_docs import NO_STORE, REGISTERED, TOKEN_PAIR, USER
from entrypoints.http.auth_schemas import (
    LoginRequest,
    RefreshRequest,
    RegisterRequest,
    TokenResponse,
    UpdateProfileRequest,
    UserResource,
)
from entrypoints.http.authentication import BEARER_SECURITY
from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    entity_tag,
    expected_version,
    none_match,
    not_modified,
)
from entrypoints.http.openapi_docs import NOT_MODIFIED, documented, problem_responses
from entrypoints.http.rate_limits import LIMIT_BY_ADDRESS, LIMIT_BY_EMAIL
from todo_core import Application
from todo_core.domain.ids import UserId
from todo_core.errors import ValidationFailed
from todo_core.use_cases import (
    AuthenticateUserCommand,
    ChangeProfileCommand,
    EndSessionCommand,
    GetProfileQuery,
    RefreshSessionCommand,
    RegisterUserCommand,
    SessionTokens,
    UserView,
)

__all__ = ["ME", "AuthController"]

ME = "/auth/me"
_CREDENTIALS = {LIMIT_BY_ADDRESS: True, LIMIT_BY_EMAIL: True}


def _tokens(tokens: SessionTokens) -> Response[TokenResponse]:
    return Response(TokenResponse.of(tokens), status_code=200, headers=NO_STORE)


T = TypeVar("T")


def _given(value: T | msgspec.UnsetType) -> T | None:
    """A PATCH field's value, or None when it was left out (None keeps a field as it is)."""
    return None if value is msgspec.UNSET else value


async def _refuse_lax_booleans(request: Request[Any, Any, Any], *names: str) -> None:
    """Litestar converts request bodies leniently, so `0` or `"true"` would pass as a boolean;
    the contract's booleans are JSON `true` and `false` only."""
    body = await request.json()
    for name in names:
        if isinstance(body, dict) and name in body and not isinstance(body[name], bool):
            raise ValidationFailed(f"{name} must be true or false", field=name)


def _me(view: UserView, status_code: int = 200) -> Response[UserResource]:
    headers = {"ETag": entity_tag(view.version)}
    if status_code == 201:
        headers["Location"] = ME
    return Response(UserResource.of(view), status_code=status_code, headers=headers)


class AuthController(Controller):
    path = "/auth"
    tags = ("auth",)

    @post(
        "/register",
        operation_id="register",
        summary="Create an account (and its Inbox)",
        opt=_CREDENTIALS,
        responses=problem_responses(400, 409, 413, 422, 429, 503),
        operation_class=REGISTERED,
    )
    async def register(
        self, data: JSONBody[RegisterRequest], app: NamedDependency[Application]
    ) -> Response[UserResource]:
        view = await app.register_user(
            RegisterUserCommand(
                email=data.email,
                password=data.password,
                display_name=data.display_name,
                timezone=data.timezone,
            )
        )
        return _me(view, status_code=201)

    @post(
        "/login",
        operation_id="logIn",
        status_code=200,
        summary="Exchange credentials for tokens",
        description="A wrong password and an unknown e-mail get the identical 401.",
        opt=_CREDENTIALS,
        responses=problem_responses(400, 401, 413, 422, 429, 503),
        operation_class=TOKEN_PAIR,
    )
    async def login(
        self, data: JSONBody[LoginRequest], app: NamedDependency[Application]
    ) -> Response[TokenResponse]:
        command = AuthenticateUserCommand(email=data.email, password=data.password)
        return _tokens(await app.issue_session(command))

    @post(
        "/refresh",
        operation_id="refreshSession",
        status_code=200,
        summary="Rotate a refresh token for a new pair",
        description="The presented token is spent; presenting a spent one revokes its family.",
        opt={LIMIT_BY_ADDRESS: True},
        responses=problem_responses(400, 401, 413, 422, 429, 503),
        operation_class=TOKEN_PAIR,
    )
    async def refresh(
        self, data: JSONBody[RefreshRequest], app: NamedDependency[Application]
    ) -> Response[TokenResponse]:
        command = RefreshSessionCommand(refresh_token=data.refresh_token)
        return _tokens(await app.refresh_session(command))

    @post(
        "/logout",
        operation_id="logOut",
        summary="Revoke the session (every token of the family)",
        description="An unknown, expired or revoked refresh token is 204 too.",
        status_code=204,
        responses=problem_responses(400, 413, 422, 503),
        operation_class=documented(),
    )
    async def logout(
        self, data: JSONBody[RefreshRequest], app: NamedDependency[Application]
    ) -> None:
        await app.end_session(EndSessionCommand(refresh_token=data.refresh_token))

    @get(
        "/me",
        operation_id="getMe",
        summary="The caller's account",
        responses={**NOT_MODIFIED, **problem_responses(401, 404, 503)},
        operation_class=USER,
        security=BEARER_SECURITY,
    )
    async def get_me(
        self,
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[UserResource]:
        view = await app.get_profile(GetProfileQuery(actor=user))
        if none_match(if_none_match, view.version):
            return not_modified(view.version)
        return _me(view)

    @patch(
        "/me",
        operation_id="updateMe",
        summary="Change display name, time zone and/or daily digest settings",
        responses=problem_responses(400, 401, 404, 412, 413, 422, 503),
        operation_class=USER,
        security=BEARER_SECURITY,
    )
    async def update_me(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[UpdateProfileRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[UserResource]:
        await _refuse_lax_booleans(request, "digest_enabled")
        if all(
            value is msgspec.UNSET
            for value in (data.display_name, data.timezone, data.digest_enabled, data.digest_time)
        ):
            raise ValidationFailed(
                "give at least one of display_name, timezone, digest_enabled, digest_time"
            )

        async def current_version() -> int:
            return (await app.get_profile(GetProfileQuery(actor=user))).version

        view = await app.change_profile(
            ChangeProfileCommand(
                actor=user,
                display_name=_given(data.display_name),
                timezone=_given(data.timezone),
                digest_enabled=_given(data.digest_enabled),
                digest_time=_given(data.digest_time),
                expected_version=await expected_version(if_match, current_version),
            )
        )
        return _me(view)
