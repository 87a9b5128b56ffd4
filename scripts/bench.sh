#!/usr/bin/env bash
# `make bench`: install what is needed, then every benchmark scenario against its baseline
# (benchmarks/, docs/benchmarks.md). Prints one table; every figure goes to
# benchmarks/results/latest.json. Arguments are passed on: `scripts/bench.sh --only list_scale`,
# `--quick` (short windows and small tables, to try the harness), `--help`.
#
# PostgreSQL and Kafka are provisioned as for `make test`: a throwaway cluster and a throwaway
# KRaft broker, removed at the end, or the servers named by TODO_TEST_DATABASE_URL and
# TODO_TEST_KAFKA_BOOTSTRAP_SERVERS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

if [[ -z "${TODO_TEST_DATABASE_URL:-}" ]]; then
    scripts/ensure-postgres.sh
fi
if [[ -z "${TODO_TEST_KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
    scripts/ensure-java.sh
    scripts/kafka/fetch.sh >/dev/null
fi

exec .venv/bin/python -m benchmarks "$@"
