#!/usr/bin/env bash
# Start/poll latency through the local runner beside raw PutItem/GetItem on the same emulator,
# the deployable jars' sizes, and a fresh JVM's time to its first reply (api jar alone).
# Argument: requests of each kind (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
mvn -q -B -DskipTests install
java -XX:+UseSerialGC -cp "local/target/test-classes:local/target/classes:$(cat local/target/classpath.txt)" \
  com.keywordtrend.local.bench.ApiLatencyBench "$@" 2>&1 | grep -v '^{'
