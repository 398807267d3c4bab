#!/usr/bin/env bash
# The whole pipeline on this machine: builds what is out of date, then starts Dynoxide, creates the
# tables, serves the API on 127.0.0.1:3000 and polls the streams, all as template.yaml says.
# Options go to the runner: --port, --db-path FILE, --dynamodb-endpoint URL, --offline or --contact ADDRESS, --param K=V (--help).
# SKIP_BUILD=1 never builds; otherwise Maven runs only when a source, pom or template is newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
  # the usage is a file of the runner's, printed as it is: --help never builds (nor needs a JDK)
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then cat local/src/main/resources/usage.txt; exit 0; fi
done
source local/use-jdk25.sh
stamp=local/target/classpath.txt
if [ -z "${SKIP_BUILD:-}" ] && { [ ! -f "$stamp" ] || [ -n "$(find pom.xml template.yaml ./*/pom.xml ./*/src local/package-lock.json -newer "$stamp" -type f -print -quit)" ]; }; then
  echo "keyword-trend local: building (mvn -q -B -DskipTests install)" >&2
  mvn -q -B -DskipTests install
  touch "$stamp"
fi
exec java -XX:+UseSerialGC -cp "local/target/classes:$(cat "$stamp")" com.keywordtrend.local.LocalRunner "$@"
