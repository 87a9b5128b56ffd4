#!/usr/bin/env bash
# Make sure PostgreSQL server binaries (initdb, pg_ctl, ...) are installed.
#
# Tests start their own throwaway cluster (tests/support/postgres_cluster.py),
# so all we need are the binaries -- no running service. Silent and instant
# when the binaries are already present, so it is cheap to call from CI/tox.
set -euo pipefail

find_initdb() {
    # Debian keeps server binaries off PATH in /usr/lib/postgresql/<ver>/bin.
    local candidate
    candidate="$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)"
    if [[ -n "$candidate" && -x "$candidate" ]]; then
        printf '%s\n' "$candidate"
        return 0
    fi
    command -v initdb 2>/dev/null
}

if find_initdb >/dev/null; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "ensure-postgres: PostgreSQL binaries not found and not root (no sudo available)." >&2
    echo "ensure-postgres: install 'postgresql' yourself, or set TODO_TEST_DATABASE_URL." >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: PostgreSQL binaries not found and apt-get is unavailable;" \
        "install PostgreSQL server binaries yourself, or set TODO_TEST_DATABASE_URL." >&2
    exit 1
fi

"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null

# Debian's package creates and starts a "main" cluster on 5432. Tests never use
# it, and leaving it running would hold the port and memory, so stop it and keep
# it from coming back at boot. Failures are fine: there may be no init system.
for conf in /etc/postgresql/*/main; do
    [[ -d "$conf" ]] || continue
    ver="$(basename "$(dirname "$conf")")"
    "${SUDO[@]}" pg_ctlcluster "$ver" main stop >/dev/null 2>&1 || true
    # start.conf=disabled stops pg_ctlcluster/systemd generators from autostarting it.
    echo disabled | "${SUDO[@]}" tee "$conf/start.conf" >/dev/null 2>&1 || true
done
"${SUDO[@]}" service postgresql stop >/dev/null 2>&1 || true
if command -v systemctl >/dev/null 2>&1; then
    "${SUDO[@]}" systemctl disable postgresql >/dev/null 2>&1 || true
fi
if command -v update-rc.d >/dev/null 2>&1; then
    "${SUDO[@]}" update-rc.d postgresql disable >/dev/null 2>&1 || true
fi

if ! initdb_path="$(find_initdb)"; then
    echo "ensure-postgres: installed packages but still cannot find initdb." >&2
    exit 1
fi
echo "ensure-postgres: installed PostgreSQL ($(dirname "$initdb_path")); default cluster stopped and disabled."
