#!/usr/bin/env bash
# The whole pipeline on this machine: builds what is missing, then starts Dynoxide, creates the
# tables, serves the API on 127.0.0.1:3000 and polls the streams, all as template.yaml says.
# Options go to the runner: --port, --db-path FILE, --dynamodb-endpoint URL, --offline, --param K=V (--help).
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -q -B -DskipTests install
fi
exec java -XX:+UseSerialGC -cp "local/target/classes:$(cat local/target/classpath.txt)" com.keywordtrend.local.LocalRunner "$@"
