#!/usr/bin/env bash
# Static checks for the CI workflow and the compose file; no network needed
# once actionlint is built (check-jsonschema ships the compose-spec schema).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-actionlint.sh

# actionlint also runs shellcheck on `run:` blocks when shellcheck is on PATH.
.tools/bin/actionlint .github/workflows/ci.yml
echo "check-static: actionlint .github/workflows/ci.yml passed"

.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec compose.yaml
echo "check-static: compose.yaml matches the Compose Specification schema"
