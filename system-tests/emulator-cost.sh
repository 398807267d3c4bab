#!/usr/bin/env bash
# What a write costs the emulator as the jobs table's stream grows, beside a table without a stream.
# Argument: jobs per round (default 500; each job is 3 writes to the jobs table).
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
mvn -q -B -DskipTests install
java -XX:+UseSerialGC -cp "system-tests/target/test-classes:$(cat system-tests/target/test-classpath.txt)" \
  com.keywordtrend.systemtests.bench.EmulatorStreamCost "$@" 2>&1 | grep -v '^{'
