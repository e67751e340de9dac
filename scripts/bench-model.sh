#!/usr/bin/env bash
# Benchmarks scoring of the bundled churn model with JMH, compiled scorer and jpmml-evaluator (about four minutes).
# Usage: scripts/bench-model.sh [extra JMH args, e.g. -wi 1 -i 2]
#        scripts/bench-model.sh --build-only   compiles the benchmark and writes the class path bench.jar runs it from,
#                                              model/target/jmh.classpath (scripts/bench.sh does so)
# JMH's JSON results go to $JMH_RESULT (default model/target/jmh-result.json).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TARGET="$ROOT/model/target"
CLASSPATH_FILE="$TARGET/jmh.classpath"

build_only=0
if [ "${1:-}" = --build-only ]; then
  build_only=1; shift
fi

require_java
# test-compile, not process-classes: dependency:build-classpath resolves the test dependencies of every module in
# the reactor, and the reactor provides a module's test-jar only once that module's tests are compiled.
(cd "$ROOT" && ./mvnw -B -q -Pbench -pl model -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=compile)
echo "$TARGET/jmh-classes:$TARGET/classes:$(cat "$TARGET/bench.classpath")" >"$CLASSPATH_FILE"
[ "$build_only" = 1 ] && exit 0

exec "$JAVA" -cp "$(cat "$CLASSPATH_FILE")" org.openjdk.jmh.Main 'io.churnstream.model.bench.ScoringBenchmark' \
  -rf json -rff "${JMH_RESULT:-$TARGET/jmh-result.json}" "$@"
