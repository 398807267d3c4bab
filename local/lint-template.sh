#!/usr/bin/env bash
# Checks template.yaml (or the template named) as `sam validate --lint` checks it first, offline: resource
# types and properties against CloudFormation's resource specification (npm @aws-cdk/cfnspec) and SAM's
# resources, and every Ref, GetAtt, Sub variable and condition. Prints each problem; exits 1 if there is one.
# usage: bash local/lint-template.sh [TEMPLATE]
set -euo pipefail
template=()
[ $# -gt 0 ] && template=("$(realpath "$1")")
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
if [ ! -f local/target/classpath.txt ] || [ ! -f local/node_modules/@aws-cdk/cfnspec/spec/specification.json ]; then
  echo "keyword-trend: building (mvn -q -B -DskipTests install)" >&2
  mvn -q -B -DskipTests install
fi
exec java -cp "local/target/classes:$(cat local/target/classpath.txt)" com.keywordtrend.local.template.TemplateLint "${template[@]}"
