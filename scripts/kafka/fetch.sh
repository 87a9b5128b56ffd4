#!/usr/bin/env bash
# Lay out the Apache Kafka broker's jars in .tools/kafka/<version>/libs and print that directory.
#
# The integration tests start a throwaway single-node KRaft broker from these jars
# (tests/support/kafka_broker.py). They come from Maven Central through Maven, because a
# package registry is all that every developer machine and CI can reach: no Docker, no tarball.
# The version is pinned once, as kafka.version in scripts/kafka/pom.xml beside this script.
#
# Idempotent and quiet: once the jars are in place (a marker holding the pom's checksum says
# so) it only prints the directory, in well under a second. Maven's download goes to a scratch
# directory first, so an interrupted run never leaves a half-filled libs/ behind.
#
# Usage: scripts/kafka/fetch.sh   -> last line of stdout is the libs directory
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pom="$here/pom.xml"

die() {
    echo "kafka/fetch: $*" >&2
    exit 1
}

version="$(sed -n 's:.*<kafka\.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</kafka\.version>.*:\1:p' "$pom")"
[[ -n "$version" ]] || die "no <kafka.version> in $pom"

# The broker needs a JVM whether or not the jars are already here; Kafka 4 brokers need 17+.
command -v java >/dev/null 2>&1 ||
    die "java not found on PATH; install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
java_major="$(java -XshowSettings:properties -version 2>&1 |
    sed -n 's/^[[:space:]]*java\.specification\.version = \([0-9][0-9]*\).*/\1/p')"
if [[ -n "$java_major" ]] && ((java_major < 17)); then
    die "Kafka $version needs Java 17 or newer, but 'java' is Java $java_major"
fi

base="$root/.tools/kafka/$version"
libs="$base/libs"
marker="$base/.complete"
want="$(sha256sum "$pom" | cut -d' ' -f1)"

done_already() {
    [[ -f "$marker" && "$(<"$marker")" == "$want" && -f "$libs/kafka_2.13-$version.jar" ]]
}

if done_already; then
    echo "$libs"
    exit 0
fi

command -v mvn >/dev/null 2>&1 ||
    die "mvn not found on PATH; install Maven 3.6.3 or newer (Debian: apt-get install maven)"

mkdir -p "$base"
# Two test runs starting at once must not both download into the same place.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$base/.lock"
    flock 9
    if done_already; then
        echo "$libs"
        exit 0
    fi
    rm -rf "$base"/libs.partial.* # left by a run that was killed mid-download
fi

scratch="$(mktemp -d "$base/libs.partial.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
echo "kafka/fetch: downloading Apache Kafka $version from Maven Central..." >&2
# Maven's output is kept aside and shown only on failure (stripped of the colour codes that
# Debian's Maven 3.8 prints even in batch mode), so stdout stays just the directory.
mvn_log="$base/mvn.log"
if ! mvn -q -B -f "$pom" dependency:copy-dependencies \
    -DoutputDirectory="$scratch" -DincludeScope=runtime >"$mvn_log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$mvn_log" >&2
    die "mvn could not fetch Kafka $version (its output is above and in $mvn_log)"
fi
rm -f "$mvn_log"
compgen -G "$scratch/kafka_2.13-$version.jar" >/dev/null ||
    die "mvn finished but kafka_2.13-$version.jar is not in $scratch"

rm -rf "$libs" "$marker"
mv "$scratch" "$libs"
trap - EXIT
echo "$want" >"$marker"
echo "$libs"
