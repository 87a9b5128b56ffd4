"""Schemathesis over the whole REST contract: the app `todo serve` runs (Auth and API routes),
built by the real container, on a real migrated PostgreSQL database.

Every operation is called with data that fits the schema and with data that does not, and
then in chains that follow the documented links (register then log in, log in then refresh or
log out, create then read, change, trash...). Every answer must be documented: its status,
content type, headers and body. No answer may be a server error.

The fuzzer acts as one user it registers and logs in over HTTP (`FuzzingSession`); the e2e
settings switch rate limits off (a 429 would only hide the routes) and make hashing cheap.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from uuid import uuid4

import pytest
import schemathesis
from hypothesis import settings
from hypothesis.errors import Flaky, FlakyStrategyDefinition
from litestar import Litestar
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.stateful.state_machine import DEFAULT_STATE_MACHINE_SETTINGS
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.schemas import OpenApiSchema

from entrypoints.container import build_container
from entrypoints.http import create_app
from entrypoints.http.idempotency_request import IDEMPOTENCY_KEY_HEADER
from entrypoints.http.openapi_docs import IDEMPOTENCY_KEY_PATTERN
from tests.e2e.todo_api_support import e2e_settings

SCHEMA_PATH = "/schema/openapi.json"
# Per operation and generation phase: enough to reach every documented answer, small enough
# to keep the suite's time budget.
MAX_EXAMPLES = 20
STATEFUL_STEPS = 12
STATEFUL_SCENARIOS = 30
# Runs of the state machine at most, should Hypothesis stop one early (see the stateful test).
STATEFUL_SUITES = 5


# What a request that fits the schema (or does not) may rightly get beyond Schemathesis's
# defaults, per operation: the rules no schema can state, explained there. The CLI run
# (test_rest_contract_cli.py) reads the same file.
CONFIG = Path(__file__).parents[2] / "schemathesis.toml"


class FuzzingSession:
    """How the fuzzer authenticates (`bearerAuth`): the access token of the user the
    `access_token` fixture registered and logged in over HTTP.

    Schemathesis builds some cases while pytest collects the tests, before there is a database
    to log in to: those carry a token that cannot work, get 401, and Schemathesis takes the
    token again and replays them once, as it does for an expired one (`retry_on`)."""

    access_token: ClassVar[str] = "not-logged-in-yet"  # noqa: S105 - not a credential

    def get(self, case: schemathesis.Case[Any], context: schemathesis.AuthContext) -> str:
        return self.access_token

    def set(
        self, case: schemathesis.Case[Any], data: str, context: schemathesis.AuthContext
    ) -> None:
        case.headers["Authorization"] = f"Bearer {data}"


_VALID_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)


def fresh_idempotency_key(
    context: schemathesis.HookContext, case: schemathesis.Case[Any]
) -> schemathesis.Case[Any]:
    """A fresh key for every request that sends a valid one, as a client sends them.

    Generated keys repeat (the coverage phase sends `0` with every request), and a key that
    served another request is 422: nearly every POST would test that refusal instead of the
    route. An invalid key is kept, to be refused (400). Replays and reuse have their own tests
    (test_idempotency_api.py)."""
    key = case.headers.get(IDEMPOTENCY_KEY_HEADER)
    if isinstance(key, str) and _VALID_KEY.fullmatch(key):
        fresh = str(uuid4())
        quoted = key.strip(" \t").startswith('"')
        case.headers[IDEMPOTENCY_KEY_HEADER] = f'"{fresh}"' if quoted else fresh
    return case


def _load(app: Litestar) -> OpenApiSchema:
    """The schema `app` serves, authenticated as the fuzzing session, with fresh keys."""
    loaded = schemathesis.openapi.from_asgi(SCHEMA_PATH, app, config=_config())
    loaded.auth()(FuzzingSession)
    loaded.hook("map_case")(fresh_idempotency_key)
    return loaded


def _config() -> schemathesis.Config:
    """schemathesis.toml, with this suite's budget."""
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    config["generation"] = {
        "mode": "all",
        "max-examples": MAX_EXAMPLES,
        # CI explores the same cases on every run (as tests/conftest.py does).
        "deterministic": bool(os.environ.get("CI")),
    }
    config["phases"] = {"stateful": {"max-steps": STATEFUL_STEPS}}
    return schemathesis.Config.from_dict(config)


@pytest.fixture(scope="module")
def contract_database(postgres_database: Callable[[], str]) -> str:
    from entrypoints.migrate import upgrade  # noqa: PLC0415 - as tests.support.databases

    url = postgres_database()
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def service_app(contract_database: str) -> Iterator[Litestar]:
    yield create_app(build_container(e2e_settings(contract_database)))
    # Apps run their lifespan (and so their connection pools) on schemathesis's event loop.
    shutdown_lifespans()


@pytest.fixture(scope="module")
def access_token(service_app: Litestar) -> str:
    """The fuzzer's session: a user registered and logged in over HTTP, through Schemathesis's
    own transport (the event loop the app's connection pool lives on)."""
    credentials: dict[str, Any] = {
        "email": f"fuzzer-{uuid4()}@example.org",
        "password": "fuzzing all day",
    }
    registered = schema["/auth/register"]["POST"].Case(body=credentials).call(app=service_app)
    assert registered.status_code == 201, registered.text
    session = schema["/auth/login"]["POST"].Case(body=credentials).call(app=service_app)
    assert session.status_code == 200, session.text
    FuzzingSession.access_token = session.json()["access_token"]
    return FuzzingSession.access_token


_NO_DATABASE = "sqlite+aiosqlite:///:memory:"


def _collection_schema() -> OpenApiSchema:
    """The schema the operations are collected from, served by the same app on no database
    (nothing connects until a request needs it): pytest collects before any fixture runs.
    Every call then goes to `service_app`, on the real database."""
    return _load(create_app(build_container(e2e_settings(_NO_DATABASE))))


CASES: dict[str, int] = {}
# The statuses each operation answered, for the check that the fuzzer was authenticated.
ANSWERS: dict[str, set[int]] = {}


@pytest.fixture(scope="module", autouse=True)
def _case_count() -> Iterator[None]:
    yield
    if CASES:
        print(f"schemathesis: {sum(CASES.values())} cases over {len(CASES)} operations")  # noqa: T201


schema = _collection_schema()


@schema.parametrize()
def test_every_operation_answers_as_documented(
    case: schemathesis.Case[Any], service_app: Litestar, access_token: str
) -> None:
    response = case.call_and_validate(app=service_app)
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1
    ANSWERS.setdefault(case.operation.label, set()).add(response.status_code)


def test_the_fuzzer_acted_as_its_user() -> None:
    """401 is an accepted answer to any request: without this, a fuzzer whose token never
    worked would pass. Runs after the operations above (pytest keeps the file's order)."""
    if not ANSWERS:
        pytest.skip("the operations above did not run")
    assert 200 in ANSWERS["GET /auth/me"], ANSWERS["GET /auth/me"]
    assert 200 in ANSWERS["GET /api/v1/todos"], ANSWERS["GET /api/v1/todos"]


def test_chains_of_operations_answer_as_documented(
    service_app: Litestar, access_token: str
) -> None:
    machine: Any = _load(service_app).as_state_machine()
    calls, scenarios, failures = 0, 0, []

    class RecordingMachine(machine):  # type: ignore[misc]
        def validate_response(
            self, response: Any, case: schemathesis.Case[Any], **kwargs: Any
        ) -> None:
            nonlocal calls
            calls += 1
            try:
                super().validate_response(response, case, **kwargs)
            except FailureGroup as failure:
                # Kept, so that no replay can lose it (see below).
                failures.append(failure)
                raise

        def teardown(self) -> None:
            nonlocal scenarios
            scenarios += 1
            super().teardown()

    for _ in range(STATEFUL_SUITES):
        if scenarios >= STATEFUL_SCENARIOS or failures:
            break
        try:
            RecordingMachine.run(
                # Schemathesis's own settings (generation only), with our budget.
                settings=settings(
                    DEFAULT_STATE_MACHINE_SETTINGS,
                    max_examples=STATEFUL_SCENARIOS - scenarios,
                    stateful_step_count=STATEFUL_STEPS,
                    derandomize=bool(os.environ.get("CI")),
                )
            )
        except FlakyStrategyDefinition:
            # Answers feed later steps, and the database keeps what earlier scenarios made, so
            # Hypothesis may find a scenario drawn differently the second time. That says
            # nothing about the API: run the remaining scenarios, as Schemathesis's runner does.
            continue
        except Flaky:
            # A failure Hypothesis could not replay on the changed database: the failure
            # recorded when it happened is the finding.
            if not failures:
                raise
    assert not failures, failures[0]
    assert scenarios >= STATEFUL_SCENARIOS, f"only {scenarios} scenarios ran"
    print(f"schemathesis stateful: {calls} calls in {scenarios} scenarios")  # noqa: T201
