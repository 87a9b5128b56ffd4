#!/usr/bin/env bash
# `make test`: install what is needed, then every gate and every test. Exits non-zero if any
# gate fails; all gates run either way so one run shows every problem.
#
# PostgreSQL: the tests start a throwaway cluster on a free loopback port and remove it at
# the end, or use TODO_TEST_DATABASE_URL when it is set (e.g. a `docker compose` database).
# Kafka likewise, or TODO_TEST_KAFKA_BOOTSTRAP_SERVERS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

if [[ -z "${TODO_TEST_DATABASE_URL:-}" ]]; then
    scripts/ensure-postgres.sh
fi
# Kafka: the tests start a throwaway KRaft broker from the official jars (fetched once into
# .tools/kafka), or use TODO_TEST_KAFKA_BOOTSTRAP_SERVERS when it is set.
if [[ -z "${TODO_TEST_KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
    scripts/ensure-java.sh
    scripts/kafka/fetch.sh >/dev/null
fi

failed=()
gate() {
    local name="$1"
    shift
    echo "==> $name"
    if ! "$@"; then
        failed+=("$name")
    fi
}

gate "ruff check" .venv/bin/ruff check .
gate "ruff format --check" .venv/bin/ruff format --check .
gate "mypy --strict" .venv/bin/mypy
gate "lint-imports" .venv/bin/lint-imports importlinter.ini
gate "compose.yaml and CI workflow" scripts/check-static.sh
# Last, so its summary line closes the output. The watchdog ends a run that hangs where
# pytest-timeout cannot see it, with the native stacks of every process it left running.
gate "pytest (unit, integration, e2e; branch coverage >= 90%)" \
    .venv/bin/python -m tests.support.watchdog --limit "${TODO_TEST_TIME_LIMIT:-1200}" -- \
    .venv/bin/pytest --cov --cov-report=term

if ((${#failed[@]})); then
    printf 'make test: FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
