#!/usr/bin/env bash
# Benchmarks of the work itself. JMH: keyword merge and score (5,000 candidates), the whole trend
# analysis of 50 weekly series at 100 to 2,000 points; then discovery wall time against a local
# server adding 200 ms per answer, concurrent and one at a time; keyword jobs per second on one core
# (the CPU's share of a job: lexicon, embeddings, scoring); a trends job's heap at its peak by its
# size, beside the estimate the processors admit jobs by. Extra arguments go to JMH.
set -euo pipefail
cd "$(dirname "$0")/.."
source local/use-jdk25.sh
mvn -q -B -DskipTests install -pl model,store,engines,stream-processors
for module in engines stream-processors; do
  mvn -q -B -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
done
cp="engines/target/test-classes:engines/target/classes:$(cat engines/target/test-classpath.txt)"
# the heap bench writes each result as the store does: it runs beside the store, in stream-processors' tests
processors_cp="stream-processors/target/test-classes:stream-processors/target/classes:$(cat stream-processors/target/test-classpath.txt)"
java -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s "${@:-.*Benchmark.*}"
java -cp "$cp" com.keywordtrend.keywords.DiscoveryWallTime 200
java -XX:ActiveProcessorCount=1 -cp "$cp" com.keywordtrend.keywords.KeywordJobsPerCore 40
java -XX:+UseSerialGC -Xmx2g -cp "$processors_cp" com.keywordtrend.processors.TrendJobHeap 8
