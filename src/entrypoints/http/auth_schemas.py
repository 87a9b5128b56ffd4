"""The JSON shapes of the Auth service: credentials in, tokens and the account out.

No response type has a password-related field, and none can get one by accident: the user
resource is built field by field from `UserView`, which has none either. Request bodies refuse
unknown fields (no mass assignment). The domain checks each value (it names the field in its
422), and the document states its rules (`field_rules`); the `max_length` bounds here only cap
what is read, except the login password, which is capped at the longest password
registration accepts: a longer one cannot match, whoever asks. Logging in states no rule on
the e-mail address: one that breaks them is an unknown address (401).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from entrypoints.http import field_rules
from entrypoints.http.strict_struct_schema import PatchBody
from todo_core.domain.display_name import MAX_DISPLAY_NAME_LENGTH
from todo_core.domain.email_address import MAX_EMAIL_LENGTH
from todo_core.use_cases import MAX_PASSWORD_LENGTH, SessionTokens, UserView

__all__ = [
    "LoginRequest",
    "RefreshRequest",
    "RegisterRequest",
    "TokenResponse",
    "UpdateProfileRequest",
    "UserResource",
]

_Email = Annotated[str, msgspec.Meta(max_length=320)]
# Its length is checked as sent: with white space around it, an address the domain would
# trim to 254 characters is refused too.
_NewEmail = Annotated[
    str, msgspec.Meta(max_length=MAX_EMAIL_LENGTH, extra_json_schema=field_rules.EMAIL)
]
_NewPassword = Annotated[
    str, msgspec.Meta(max_length=1_000, extra_json_schema=field_rules.NEW_PASSWORD)
]
_DisplayName = Annotated[
    str,
    msgspec.Meta(max_length=1_000, extra_json_schema=field_rules.one_line(MAX_DISPLAY_NAME_LENGTH)),
]
_TimeZone = Annotated[str, msgspec.Meta(max_length=1_000, extra_json_schema=field_rules.TIME_ZONE)]
_Token = Annotated[str, msgspec.Meta(max_length=1_000)]
_LocalTime = Annotated[
    str, msgspec.Meta(pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["07:00"])
]


class RegisterRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: _NewEmail
    password: _NewPassword
    display_name: _DisplayName | None = None
    timezone: _TimeZone | None = None


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: _Email
    password: Annotated[str, msgspec.Meta(max_length=MAX_PASSWORD_LENGTH)]


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    """The body of `/auth/refresh` and `/auth/logout`."""

    refresh_token: _Token


class UpdateProfileRequest(PatchBody):
    display_name: _DisplayName | msgspec.UnsetType = msgspec.UNSET
    timezone: _TimeZone | msgspec.UnsetType = msgspec.UNSET
    # The daily digest: on or off, and its local time, "HH:MM" (24-hour) in `timezone`.
    digest_enabled: bool | msgspec.UnsetType = msgspec.UNSET
    digest_time: _LocalTime | msgspec.UnsetType = msgspec.UNSET


class TokenResponse(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str

    @classmethod
    def of(cls, tokens: SessionTokens) -> TokenResponse:
        return cls(
            access_token=tokens.access_token,
            token_type=tokens.token_type,
            expires_in=tokens.expires_in,
            refresh_token=tokens.refresh_token,
        )


class UserResource(msgspec.Struct):
    id: UUID
    email: str
    display_name: str
    timezone: str
    email_verified: bool
    digest_enabled: bool
    digest_time: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: UserView) -> UserResource:
        return cls(
            id=view.id,
            email=view.email,
            display_name=view.display_name,
            timezone=view.time_zone,
            email_verified=view.email_verified,
            digest_enabled=view.digest_enabled,
            digest_time=view.digest_time,
            version=view.version,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )
