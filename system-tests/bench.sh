#!/usr/bin/env bash
# Start/poll latency through the local runner beside raw PutItem/GetItem on the same emulator,
# the deployable jars' sizes, and a fresh JVM's time to its first reply (api jar alone).
# Arguments: requests of each kind (default 2000); --no-aot-cache starts the function JVMs without their AOT cache.
# bash system-tests/bench.sh NotFoundTimingBench [polls]: another owner's large job against unknown ids, 404 times.
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
bench=ApiLatencyBench
if [ $# -gt 0 ] && [[ "$1" =~ ^[A-Z][A-Za-z]+Bench$ ]]; then bench="$1"; shift; fi
mvn -q -B -DskipTests install
java -XX:+UseSerialGC -cp "system-tests/target/test-classes:$(cat system-tests/target/test-classpath.txt)" \
  "com.keywordtrend.systemtests.bench.$bench" "$@" 2>&1 | grep -v '^{'
