#!/usr/bin/env bash
# Prints a token for owner SUB that `local/run.sh --auth` accepts: signed with the runner's local key
# (local/target/auth/signing-key.jwk, made on first use), issuer keyword-trend-local, valid 1 h.
# usage: bash local/token.sh SUB [LIFETIME_SECONDS]
#   curl -H "Authorization: Bearer $(bash local/token.sh alice)" http://127.0.0.1:3000/jobs
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
if [ ! -f local/target/classpath.txt ]; then
  echo "keyword-trend local: building (mvn -q -B -DskipTests install)" >&2
  mvn -q -B -DskipTests install
fi
exec java -cp "local/target/classes:$(cat local/target/classpath.txt)" com.keywordtrend.local.auth.LocalAuthorizer "$@"
