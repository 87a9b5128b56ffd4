#!/usr/bin/env bash
# Make sure a Java 17+ runtime and Maven exist: the tests' Kafka broker runs on the official
# jars that Maven resolves (scripts/kafka/). Silent when both are there.
set -euo pipefail

java_ok() {
    command -v java >/dev/null 2>&1 || return 1
    local major
    major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    [[ "${major%%.*}" -ge 17 ]]
}

if java_ok && command -v mvn >/dev/null 2>&1; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "ensure-java: Java 17+ and Maven are needed and this user cannot install them." >&2
    echo "ensure-java: install them, or set TODO_TEST_KAFKA_BOOTSTRAP_SERVERS." >&2
    exit 1
fi

"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
    openjdk-17-jre-headless maven >/dev/null
echo "ensure-java: installed openjdk-17-jre-headless and maven"
