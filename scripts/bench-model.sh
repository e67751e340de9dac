#!/usr/bin/env bash
# Benchmarks scoring of the bundled churn model with JMH, compiled scorer and jpmml-evaluator (about four minutes).
# Usage: scripts/bench-model.sh [extra JMH args, e.g. -wi 1 -i 2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="$ROOT/model/target"

# test-compile, not process-classes: dependency:build-classpath resolves the test dependencies of every module in
# the reactor, and the reactor provides a module's test-jar only once that module's tests are compiled.
./mvnw -B -q -Pbench -pl model -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=compile
CP="$TARGET/jmh-classes:$TARGET/classes:$(cat "$TARGET/bench.classpath")"

java -cp "$CP" org.openjdk.jmh.Main 'io.churnstream.model.bench.ScoringBenchmark' \
  -rf json -rff "$TARGET/jmh-result.json" "$@"

/usr/bin/python3 - "$TARGET/jmh-result.json" "$(nproc)" <<'PY'
import json, sys
results, cores = json.load(open(sys.argv[1])), int(sys.argv[2])
print(f"\nchurn model scoring, bundled PMML, {cores} cores available")
for r in results:
    threads, name, mode, m = r["threads"], r["benchmark"].rsplit(".", 1)[1], r["mode"], r["primaryMetric"]
    name += " " + r.get("params", {}).get("engine", "").lower()
    if mode == "thrpt":
        print(f"  {name:24s} throughput {m['score']:>12,.0f} records/s total, "
              f"{m['score'] / threads:>10,.0f} records/s per thread")
    elif mode == "sample":
        p = m["scorePercentiles"]
        to_us = 1e6 if m["scoreUnit"].startswith("s/") else 1.0
        print(f"  {name:24s} latency    mean {m['score'] * to_us:8.2f} us, p50 {p['50.0'] * to_us:8.2f} us, "
              f"p99 {p['99.0'] * to_us:8.2f} us, p99.9 {p['99.9'] * to_us:8.2f} us")
PY
