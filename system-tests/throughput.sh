#!/usr/bin/env bash
# Trends jobs through the local runner against a local source server that answers each call after a
# delay: jobs/s, p50/p99 job time, the processor's peak heap, and the source calls of a first run and
# of the same jobs again (answered from the shared source cache).
# Arguments: jobs (default 1000), the sources' delay in ms (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
mvn -q -B -DskipTests install
java -XX:+UseSerialGC -cp "system-tests/target/test-classes:$(cat system-tests/target/test-classpath.txt)" \
  com.keywordtrend.systemtests.bench.ThroughputBench "$@" 2>&1 | grep -v '^{'
