#!/usr/bin/env bash
# Install actionlint (pinned) into <repo>/.tools/bin, building it with `go
# install` so the only thing fetched is a Go module (no release binaries, which
# locked-down build machines often cannot download). Idempotent and silent when
# the right version is already there.
set -euo pipefail

ACTIONLINT_VERSION="1.7.12"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${repo_root}/.tools/bin"
actionlint="${bin_dir}/actionlint"

# First line of `actionlint -version`: "v1.7.12" when built by `go install`
# (the module version), "1.7.12" for release binaries. Accept both.
installed_version() {
    local v
    v="$("${actionlint}" -version 2>/dev/null | head -n 1)" || return 0
    echo "${v#v}"
}

if [[ -x "${actionlint}" ]] && [[ "$(installed_version)" == "${ACTIONLINT_VERSION}" ]]; then
    exit 0
fi

if ! command -v go >/dev/null 2>&1; then
    echo "install-actionlint: 'go' not found on PATH; Go is needed to build" \
         "actionlint ${ACTIONLINT_VERSION}; install Go (actions/setup-go in CI)" >&2
    exit 1
fi

echo "install-actionlint: building actionlint v${ACTIONLINT_VERSION} into ${bin_dir}" >&2
mkdir -p "${bin_dir}"
# go install refuses to overwrite a file that isn't a Go binary (e.g. a stale
# wrapper script), so clear whatever is there first.
rm -f "${actionlint}"
# GOBIN must be absolute; repo_root is.
GOBIN="${bin_dir}" go install "github.com/rhysd/actionlint/cmd/actionlint@v${ACTIONLINT_VERSION}"

installed="$(installed_version)"
if [[ "${installed}" != "${ACTIONLINT_VERSION}" ]]; then
    echo "install-actionlint: expected ${ACTIONLINT_VERSION}, got '${installed}'" >&2
    exit 1
fi
