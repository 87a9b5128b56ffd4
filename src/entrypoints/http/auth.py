"""`/auth`: accounts and sessions (the Auth service).

Login and refresh answer with a token pair (RFC 6749 section 5.1: `Cache-Control: no-store`);
a wrong password and an unknown e-mail get the identical 401. Register, login, refresh and
logout are rate-limited per client address and (register, login) per e-mail address: their
`opt` asks `entrypoints.http.rate_limits` for it. `/auth/me` needs a bearer access token,
like the API.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.params import JSONBody

from entrypoints.http.auth_docs import NO_STORE, REGISTERED, TOKEN_PAIR
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
    expected_version,
    tagged,
    tagged_unless_current,
)
from entrypoints.http.rate_limits import LIMIT_BY_ADDRESS, LIMIT_BY_EMAIL
from entrypoints.http.routes import Routes
from entrypoints.http.unset_fields import or_none
from entrypoints.http.use_cases import use_cases
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
    UseCase,
    UserView,
)

__all__ = ["ME", "AuthController"]

ME = "/auth/me"
_CREDENTIALS = {LIMIT_BY_ADDRESS: True, LIMIT_BY_EMAIL: True}
# Every Auth route may find the database down; the rate-limited ones add 429, and `/auth/me`
# (no path parameter of its own) 404 for an account that is gone.
_ROUTES = Routes((503,))
GetProfile = UseCase[GetProfileQuery, UserView]


def _client(request: Request[Any, Any, Any]) -> str:
    """Who presents a refresh token, as far as we can tell: the address the request came from
    (as the server resolved it) and the User-Agent. Two tabs of one browser agree; another
    device, or a thief elsewhere, does not."""
    address = request.client.host if request.client else ""
    return f"{address}\n{request.headers.get('user-agent', '')}"


def _tokens(tokens: SessionTokens) -> Response[TokenResponse]:
    return Response(TokenResponse.of(tokens), status_code=200, headers=NO_STORE)


async def _refuse_lax_booleans(request: Request[Any, Any, Any], *names: str) -> None:
    """Litestar converts request bodies leniently, so `0` or `"true"` would pass as a boolean;
    the contract's booleans are JSON `true` and `false` only."""
    body = await request.json()
    for name in names:
        if isinstance(body, dict) and name in body and not isinstance(body[name], bool):
            raise ValidationFailed(f"{name} must be true or false", field=name)


class AuthController(Controller):
    path = "/auth"
    tags = ("auth",)
    dependencies = use_cases(
        "register_user",
        "issue_session",
        "refresh_session",
        "end_session",
        "get_profile",
        "change_profile",
    )

    @_ROUTES.post(
        "/register",
        "register",
        "Create an account (and its Inbox)",
        409,
        429,
        opt=_CREDENTIALS,
        **REGISTERED,
    )
    async def register(
        self,
        data: JSONBody[RegisterRequest],
        register_user: NamedDependency[UseCase[RegisterUserCommand, UserView]],
    ) -> Response[UserResource]:
        command = RegisterUserCommand(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            timezone=data.timezone,
        )
        return tagged(UserResource.of, await register_user(command), status_code=201, location=ME)

    @_ROUTES.post(
        "/login",
        "logIn",
        "Exchange credentials for tokens",
        401,
        429,
        status_code=200,
        description="A wrong password and an unknown e-mail get the identical 401.",
        opt=_CREDENTIALS,
        **TOKEN_PAIR,
    )
    async def login(
        self,
        data: JSONBody[LoginRequest],
        issue_session: NamedDependency[UseCase[AuthenticateUserCommand, SessionTokens]],
    ) -> Response[TokenResponse]:
        command = AuthenticateUserCommand(email=data.email, password=data.password)
        return _tokens(await issue_session(command))

    @_ROUTES.post(
        "/refresh",
        "refreshSession",
        "Rotate a refresh token for a new pair",
        401,
        429,
        status_code=200,
        description=(
            "The presented token is spent; presenting a spent one revokes its family, except "
            "within the reuse grace window (10 s by default): the same client (address and "
            "User-Agent) presenting it again while its successor is unused gets the same pair."
        ),
        opt={LIMIT_BY_ADDRESS: True},
        **TOKEN_PAIR,
    )
    async def refresh(
        self,
        data: JSONBody[RefreshRequest],
        refresh_session: NamedDependency[UseCase[RefreshSessionCommand, SessionTokens]],
        request: Request[Any, Any, Any],
    ) -> Response[TokenResponse]:
        command = RefreshSessionCommand(refresh_token=data.refresh_token, client=_client(request))
        return _tokens(await refresh_session(command))

    @_ROUTES.post(
        "/logout",
        "logOut",
        "Revoke the session (every token of the family)",
        429,
        status_code=204,
        description="An unknown, expired or revoked refresh token is 204 too.",
        opt={LIMIT_BY_ADDRESS: True},
    )
    async def logout(
        self,
        data: JSONBody[RefreshRequest],
        end_session: NamedDependency[UseCase[EndSessionCommand, None]],
    ) -> None:
        await end_session(EndSessionCommand(refresh_token=data.refresh_token))

    @_ROUTES.get("/me", "getMe", "The caller's account", 404, one=True, security=BEARER_SECURITY)
    async def get_me(
        self,
        get_profile: NamedDependency[GetProfile],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[UserResource]:
        view = await get_profile(GetProfileQuery(actor=user))
        return tagged_unless_current(UserResource.of, view, if_none_match)

    @_ROUTES.patch(
        "/me",
        "updateMe",
        "Change display name, time zone and/or daily digest settings",
        404,
        one=True,
        security=BEARER_SECURITY,
    )
    async def update_me(  # noqa: PLR0913, PLR0917 - the request, for its strict booleans
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[UpdateProfileRequest],
        change_profile: NamedDependency[UseCase[ChangeProfileCommand, UserView]],
        get_profile: NamedDependency[GetProfile],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[UserResource]:
        await _refuse_lax_booleans(request, "digest_enabled")
        # Made first: a command without any field is refused before a version is read.
        command = ChangeProfileCommand(
            actor=user,
            display_name=or_none(data.display_name),
            timezone=or_none(data.timezone),
            digest_enabled=or_none(data.digest_enabled),
            digest_time=or_none(data.digest_time),
        )
        version = await expected_version(if_match, get_profile, GetProfileQuery(actor=user))
        view = await change_profile(replace(command, expected_version=version))
        return tagged(UserResource.of, view)
