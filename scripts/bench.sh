#!/usr/bin/env bash
# Benchmarks the pipeline on a private local Kafka broker and writes reports/bench_<UTC>.json plus a Markdown table
# on stdout, each figure with its target and whether it holds. About 10 minutes at the defaults on 2 cores.
#
#   ./scripts/bench.sh                                  # everything: 1,000,000 records, 3 measured runs per figure
#   ROWS=100000 RUNS=1 ./scripts/bench.sh               # a quick check
#   SECTIONS=producer,scoring ./scripts/bench.sh        # only some sections
#   SECTIONS=swap ./scripts/bench.sh                    # what a model swap mid-run costs the consumer
#   CLUSTER=3 ./scripts/bench.sh                        # and the cluster section on 3 nodes (SECTIONS=cluster: it alone)
#
# Sections: producer  producer.jar batch vs Kafka's ProducerPerformance (same records, size, acks, compression)
#           consumer  consumer.jar batch, scoring vs --pass-through, at-least-once vs --exactly-once; start-up to the
#                     first prediction, phase by phase
#           swap      consumer.jar batch at-least-once following a models topic of its own, without a swap and with
#                     the challenger model activated half-way through (runs alternate); fails a run whose predictions
#                     by model version show no swap (not in the default: 2 x RUNS consumer runs, minutes more)
#           scoring   JMH: the model alone, single records and 500-record polls, 1 and 2 threads
#           latency   event_ts -> prediction readable at LATENCY_RATES, one streaming consumer (GC pauses logged)
#           scaling   1 vs 2 consumers in one group on a 6-partition topic (not in the default: on one machine a
#                     second instance shares the same cores)
#           cluster   on a local cluster (broker.jar --nodes CLUSTER), the producer and consumer (at-least-once) ratios
#                     with topics of 3 replicas (min.insync.replicas=2), then of 1: the cost of replication (not in the
#                     default; it runs last, once the single broker has stopped)
# Throughput figures are medians of RUNS runs after a warm-up run; peak RSS is the kernel's high-water mark (VmHWM).
#
# This script builds what is missing and hands over to bench.jar (java -jar bench/target/bench.jar run --help), which
# reads the same variables. Environment (default):
#   ROWS (1000000)           records per throughput run
#   RUNS (3)                 measured runs per figure; the median is reported
#   WARMUP_ROWS (ROWS/5)     records of the warm-up run before each measured set; 0 skips warm-ups
#   SECTIONS (producer,consumer,scoring,latency)   any of producer,consumer,swap,scoring,latency,scaling,cluster
#   CLUSTER (0)              nodes of the cluster section's cluster, 3 or more; set, it adds the cluster section
#   BENCH_PORT (29092)       port of the private broker (the controller takes BENCH_PORT+1, a cluster of N the 2N ports
#                            from BENCH_PORT+2); never the demo's 19092
#   SEED (42)                generator seed of the input CSV
#   PRODUCER_ARGS ()         extra arguments for every producer.jar batch run (e.g. "--batch-size 10000")
#   CONSUMER_ARGS ()         extra arguments for every consumer.jar run (e.g. "--scoring-threads 2")
#   CONSUMER_JVM_OPTS (scripts/lib.sh's: -Xms48m -Xmx160m -XX:+UseSerialGC)  JVM options of every consumer.jar run
#   BROKER_JVM_OPTS (scripts/lib.sh's: -Xmx1g)  JVM options of the private broker, as of scripts/start-broker.sh's
#   LATENCY_RATES (20 1000 5000)  events/s of the latency runs
#   LATENCY_SECONDS (30)     measured seconds per latency rate, after LATENCY_WARMUP_SECONDS (5)
#   JMH_ARGS (-wi 2 -w 1s -i 3 -r 1s -f 1 -p engine=AUTO)   JMH settings of the scoring section
#   CONSUMER_JAR (consumer/target/consumer.jar)   the consumer to measure
#   REBUILD (0)              1 rebuilds the jars and the JMH benchmark even when they exist
#   KEEP_WORK (0)            1 keeps the work directory (broker data, CSV, per-run files) and prints where it is
# Process output goes to logs/bench/; the report's "runs" entries name the file of each run.
set -euo pipefail
consumer_jar_override="${CONSUMER_JAR:-}"   # lib.sh points CONSUMER_JAR at the checkout's own jar
source "$(dirname "$0")/lib.sh"
BENCH_STARTED_MS="$(date +%s%3N)"
export BENCH_STARTED_MS
BENCH_JAR="$ROOT/bench/target/bench.jar"
LOGS="$ROOT/logs/bench"
REBUILD="${REBUILD:-0}"

require_java
mkdir -p "$LOGS"
if [ "$REBUILD" = 1 ] || [ ! -f "$BROKER_JAR" ] || [ ! -f "$PRODUCER_JAR" ] || [ ! -f "$CONSUMER_JAR" ] \
    || [ ! -f "$BENCH_JAR" ]; then
  info "building broker, producer, consumer and bench (./mvnw -DskipTests package)"
  (cd "$ROOT" && { ./mvnw -B -q -o -DskipTests package -pl broker,producer,consumer,bench -am >"$LOGS/build.log" 2>&1 \
    || ./mvnw -B -q -DskipTests package -pl broker,producer,consumer,bench -am >"$LOGS/build.log" 2>&1; }) \
    || { tail -20 "$LOGS/build.log" >&2; die "the build failed (log: $LOGS/build.log)"; }
fi
if [[ -z "${SECTIONS:-}" || ",${SECTIONS// /}," == *",scoring,"* ]] \
    && { [ "$REBUILD" = 1 ] || [ ! -f "$ROOT/model/target/jmh.classpath" ]; }; then
  info "building the JMH benchmark (scripts/bench-model.sh --build-only)"
  "$ROOT/scripts/bench-model.sh" --build-only >>"$LOGS/build.log" 2>&1 \
    || { tail -20 "$LOGS/build.log" >&2; die "building the JMH benchmark failed (log: $LOGS/build.log)"; }
fi

export CONSUMER_JAR="${consumer_jar_override:-$CONSUMER_JAR}" CONSUMER_JVM_OPTS BROKER_JVM_OPTS
exec "$JAVA" -jar "$BENCH_JAR" run --root "$ROOT"
