#!/usr/bin/env bash
# The trend insights against real data (docs/insights.md).
#  1. The judged set: Google Trends exports from public repositories, each series judged from its
#     chart before the analysis ran on it. Exports whose values are not committed (their repositories
#     carry no licence) are fetched once by commit into --exports (default
#     ~/.cache/keyword-trend/judged-exports; needs GitHub) and checked against their checksums.
#     Prints the per-export table (engines/target/judged-exports.md) with the tuning and held-out
#     figures apart; exits non-zero when a figure is below the test's bar.
#  2. The shared samples (--samples, default ../shared/data/trend-samples; tests may not read them):
#     status, seasonality and events per series.
# Usage: engines/trend-check.sh [--exports DIR] [--samples DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
exports="${HOME}/.cache/keyword-trend/judged-exports"
samples=../shared/data/trend-samples
while [ $# -gt 0 ]; do
  case "$1" in
    --exports) exports="$2"; shift 2 ;;
    --samples) samples="$2"; shift 2 ;;
    *) echo "usage: engines/trend-check.sh [--exports DIR] [--samples DIR]" >&2; exit 2 ;;
  esac
done
source local/use-jdk25.sh
mkdir -p "$exports"
exports="$(cd "$exports" && pwd)"
jq -r '.exports[] | select(.values_committed | not) | [.id, .source.url, .source.sha256] | @tsv' \
  engines/src/test/resources/judged-exports/judgements.json |
while IFS=$'\t' read -r id url sha; do
  file="$exports/$id.csv"
  if [ ! -f "$file" ]; then
    if ! curl -fsSL --max-time 30 -o "$file.part" "$url"; then
      rm -f "$file.part"; echo "not fetched: $id ($url)" >&2; continue
    fi
    mv "$file.part" "$file"
  fi
  if ! echo "$sha  $file" | sha256sum -c --quiet - >/dev/null 2>&1; then
    echo "$id: not the judged export (checksum); removed" >&2; rm -f "$file"
  fi
done
mvn -q -B -DskipTests install -pl model,store,engines
status=0
mvn -q -B -pl engines surefire:test -Dtest=JudgedExportsTest -Djudged.exports="$exports" >/dev/null 2>&1 || status=$?
cat engines/target/judged-exports.md
[ "$status" -eq 0 ] || echo "The judged set is below the test's bar (see above)." >&2
if [ -d "$samples" ]; then
  mvn -q -B -pl engines dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  cp="engines/target/test-classes:engines/target/classes:$(cat engines/target/test-classpath.txt)"
  echo
  java -cp "$cp" com.keywordtrend.trends.TrendSamples "$samples"
fi
exit "$status"
