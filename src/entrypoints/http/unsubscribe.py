"""`POST /api/v1/unsubscribe?token=...`: turn a kind of mail off, RFC 8058 one-click.

No login: the signed token in the mail's `List-Unsubscribe` header is the authority. A mail
provider posts `List-Unsubscribe=One-Click` as a form body, which is accepted and ignored; the
query's token alone decides. There is no GET: link checkers and mail scanners fetch links,
and a fetch must not unsubscribe anyone.
"""

from __future__ import annotations

from typing import Annotated

from litestar import post
from litestar.di import NamedDependency
from litestar.params import Parameter

from entrypoints.http.openapi_docs import documented, problem_responses
from todo_core.use_cases.unsubscribe import Unsubscribe, UnsubscribeCommand
from todo_core.use_cases.unsubscribe_headers import UNSUBSCRIBE_PATH

__all__ = ["unsubscribe"]


@post(
    UNSUBSCRIBE_PATH,
    operation_id="unsubscribe",
    summary="Turn off the kind of mail a signed unsubscribe token names (no login)",
    description=(
        "The URL of a mail's `List-Unsubscribe` header (RFC 8058 one-click); any body is "
        "ignored. Posting the same token again is 204 too."
    ),
    tags=["mail"],
    status_code=204,
    security=[],
    responses=problem_responses(413, 422, 429, 503),
    operation_class=documented(),
)
async def unsubscribe(
    token: Annotated[str, Parameter(min_length=1, max_length=200)],
    unsubscribe_mail: NamedDependency[Unsubscribe],
) -> None:
    await unsubscribe_mail(UnsubscribeCommand(token=token))
