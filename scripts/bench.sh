#!/usr/bin/env bash
# Benchmarks the pipeline on a private local Kafka broker and writes reports/bench_<UTC>.json plus a Markdown table
# on stdout. Roughly 15-30 minutes at the defaults on 2 cores, mostly consumer runs; shrink it with the variables below.
#
#   ./scripts/bench.sh                                  # everything: 1,000,000 records, 3 measured runs per figure
#   ROWS=100000 RUNS=1 ./scripts/bench.sh               # a quick check
#   SECTIONS=producer,scoring ./scripts/bench.sh        # only some sections
#
# Sections: producer  producer.jar batch vs Kafka's ProducerPerformance (same records, size, acks, compression)
#           consumer  consumer.jar batch, scoring vs --pass-through, at-least-once vs --exactly-once
#           scoring   JMH: the model alone, single records and 500-record polls, 1 and 2 threads
#           latency   event_ts -> prediction readable, producer streaming at LATENCY_RATES, consumer streaming
#           scaling   1 vs 2 consumers in one group on a 6-partition topic, start-up time to the first prediction
# Throughput figures are medians of RUNS runs after one warm-up run of each configuration; peak RSS comes from
# /proc/<pid>/status (VmHWM) sampled while each process runs. Sections that need consumer.jar are skipped, with a
# note in the report, when it is missing.
#
# Environment (default):
#   ROWS (1000000)           records per throughput run
#   RUNS (3)                 measured runs per figure; the median is reported
#   WARMUP_ROWS (ROWS/5)     records of the warm-up run before each configuration; 0 skips warm-ups
#   SECTIONS (producer,consumer,scoring,latency,scaling)
#   BENCH_PORT (29092)       port of the private broker (the controller takes BENCH_PORT+1); never the demo's 19092
#   SEED (42)                generator seed of the input CSV
#   PRODUCER_ARGS ()         extra arguments for every producer.jar batch run (e.g. "--batch-size 10000")
#   CONSUMER_ARGS ()         extra arguments for every consumer.jar run (e.g. "--scoring-threads 2")
#   CONSUMER_JVM_OPTS (-Xmx256m)  JVM options of every consumer.jar run (the README's recommended heap)
#   LATENCY_RATES (1000 5000)    events/s of the latency runs
#   LATENCY_SECONDS (30)     measured seconds per latency run, after LATENCY_WARMUP_SECONDS (5)
#   JMH_ARGS (-wi 2 -w 1s -i 3 -r 1s -f 1)   JMH settings of the scoring section
#   CONSUMER_JAR (consumer/target/consumer.jar)   the consumer to measure
#   REBUILD (0)              1 rebuilds the jars even when they exist
#   KEEP_WORK (0)            1 keeps the work directory (broker data, CSV, per-run files) and prints where it is
# Process output goes to logs/bench/; the report's "runs" entries name the file of each run.
set -euo pipefail
consumer_jar_override="${CONSUMER_JAR:-}"
source "$(dirname "$0")/lib.sh"

ROWS="${ROWS:-1000000}"
read -ra CONSUMER_JVM <<<"${CONSUMER_JVM_OPTS:--Xmx256m}"
RUNS="${RUNS:-3}"
SECTIONS="${SECTIONS:-producer,consumer,scoring,latency,scaling}"
BENCH_PORT="${BENCH_PORT:-29092}"
SEED="${SEED:-42}"
PRODUCER_ARGS="${PRODUCER_ARGS:-}"
CONSUMER_ARGS="${CONSUMER_ARGS:-}"
LATENCY_RATES="${LATENCY_RATES:-1000 5000}"
LATENCY_SECONDS="${LATENCY_SECONDS:-30}"
LATENCY_WARMUP_SECONDS="${LATENCY_WARMUP_SECONDS:-5}"
JMH_ARGS="${JMH_ARGS:--wi 2 -w 1s -i 3 -r 1s -f 1}"
CONSUMER_JAR="${consumer_jar_override:-$CONSUMER_JAR}"
REBUILD="${REBUILD:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
BENCH_JAR="$ROOT/bench/target/bench.jar"
BOOTSTRAP="localhost:$BENCH_PORT"
PP_PROPS=(acks=all enable.idempotence=true max.in.flight.requests.per.connection=5 compression.type=lz4
  batch.size=262144 linger.ms=20 buffer.memory=67108864 delivery.timeout.ms=120000 request.timeout.ms=30000)

[[ "$ROWS" =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive whole number, got '$ROWS'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, got '$RUNS'"
WARMUP_ROWS="${WARMUP_ROWS:-$((ROWS / 5))}"
[[ "$WARMUP_ROWS" =~ ^[0-9]+$ ]] || die "WARMUP_ROWS must be a whole number, got '$WARMUP_ROWS'"
if ! [[ "$BENCH_PORT" =~ ^[0-9]+$ ]] || [ "$BENCH_PORT" -lt 1024 ] || [ "$BENCH_PORT" -ge 65535 ]; then
  die "BENCH_PORT must be a port number in 1024..65534, got '$BENCH_PORT'"
fi
[[ "$LATENCY_SECONDS" =~ ^[1-9][0-9]*$ && "$LATENCY_WARMUP_SECONDS" =~ ^[0-9]+$ ]] \
  || die "LATENCY_SECONDS must be a positive and LATENCY_WARMUP_SECONDS a non-negative number of seconds"
for rate in $LATENCY_RATES; do
  [[ "$rate" =~ ^[1-9][0-9]*$ ]] || die "LATENCY_RATES must be whole events/s separated by spaces, got '$LATENCY_RATES'"
done
for section in ${SECTIONS//,/ }; do
  case "$section" in
    producer|consumer|scoring|latency|scaling) ;;
    *) die "unknown section '$section' in SECTIONS: choose from producer,consumer,scoring,latency,scaling" ;;
  esac
done
wants() { [[ ",$SECTIONS," == *",$1,"* ]]; }

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/churnstream-bench.XXXXXX")"
LOGS="$ROOT/logs/bench"
RESULTS="$WORK/results.jsonl"
REPORT="$ROOT/reports/bench_$STAMP.json"
BROKER_PID=""
CHILD_PIDS=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${CHILD_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${CHILD_PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$BROKER_PID" 2>/dev/null || true
  fi
  if [ "$KEEP_WORK" = 1 ]; then
    info "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  [ "$rc" = 0 ] || echo "bench failed (exit $rc); process output is in $LOGS/" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a command in the background with its output in logs/bench/NAME.log; the pid lands in $LAST_PID.
start_bg() {
  local name="$1"; shift
  "$@" >"$LOGS/$name.log" 2>&1 &
  LAST_PID=$!
  CHILD_PIDS+=("$LAST_PID")
}

# Waits for a pid started by start_bg; returns its exit code.
wait_bg() {
  local pid="$1" rc=0
  wait "$pid" || rc=$?
  local kept=() p
  for p in "${CHILD_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  CHILD_PIDS=("${kept[@]+"${kept[@]}"}")
  return "$rc"
}

# Samples a pid every 0.2 s into FILE until it ends: ms since start, VmRSS and VmHWM (kB), CPU ticks (user+system).
sample_rss() {
  local pid="$1" file="$2"
  (
    local start hwm rss ticks
    start=$(date +%s%3N)
    while [ -r "/proc/$pid/status" ]; do
      hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
      rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
      ticks=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null) || break
      [ -n "$hwm" ] && [ -n "$ticks" ] && echo "$(( $(date +%s%3N) - start )) $rss $hwm $ticks" >>"$file"
      sleep 0.2
    done
  ) &
  CHILD_PIDS+=("$!")
}

now_ms() { date +%s%3N; }

# Appends one JSON object (from KEY=VALUE pairs; numbers stay numbers) to the results file.
record() {
  /usr/bin/python3 - "$RESULTS" "$@" <<'PY'
import json, sys
entry = {}
for pair in sys.argv[2:]:
    key, _, value = pair.partition("=")
    try:
        parsed = json.loads(value)
        entry[key] = parsed if isinstance(parsed, (int, float)) else value
    except ValueError:
        entry[key] = value
with open(sys.argv[1], "a") as f:
    f.write(json.dumps(entry) + "\n")
PY
}

topics() { "$JAVA" -jar "$BENCH_JAR" topics --bootstrap-servers "$BOOTSTRAP" "$@" >>"$LOGS/topics.log" 2>&1 \
  || { tail -3 "$LOGS/topics.log" >&2; die "topic administration failed: $*"; }; }

build() {
  require_java
  local modules="broker,producer,bench"
  [ -d "$ROOT/consumer/src/main" ] && modules="$modules,consumer"
  if [ "$REBUILD" = 1 ] || [ ! -f "$BROKER_JAR" ] || [ ! -f "$PRODUCER_JAR" ] || [ ! -f "$BENCH_JAR" ] \
      || { [ -d "$ROOT/consumer/src/main" ] && [ ! -f "$CONSUMER_JAR" ]; }; then
    info "building $modules (./mvnw -DskipTests package)"
    (cd "$ROOT" && { ./mvnw -B -q -o -DskipTests package -pl "$modules" -am >"$LOGS/build.log" 2>&1 \
      || ./mvnw -B -q -DskipTests package -pl "$modules" -am >"$LOGS/build.log" 2>&1; }) \
      || { tail -20 "$LOGS/build.log" >&2; die "the build failed (log: $LOGS/build.log)"; }
  fi
}

start_broker() {
  port_open "$BOOTSTRAP" && die "something already listens on $BOOTSTRAP: stop it or set BENCH_PORT"
  port_open "localhost:$((BENCH_PORT + 1))" && die "port $((BENCH_PORT + 1)) (the controller's) is taken: set BENCH_PORT"
  "$JAVA" -Xmx1g -jar "$BROKER_JAR" --port "$BENCH_PORT" --data-dir "$WORK/kafka" >"$LOGS/broker.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 1 240); do
    if grep -q '^ready: ' "$LOGS/broker.log" 2>/dev/null; then
      info "broker ready on $BOOTSTRAP (pid $BROKER_PID, data in $WORK/kafka)"
      return
    fi
    kill -0 "$BROKER_PID" 2>/dev/null || { tail -5 "$LOGS/broker.log" >&2; die "the broker exited during start-up"; }
    sleep 0.25
  done
  die "the broker did not report ready within 60 s (log: $LOGS/broker.log)"
}

# Runs producer.jar batch of CSV into TOPIC (created with PARTITIONS first); records the run under LABEL.
producer_batch() {
  local label="$1" csv="$2" topic="$3" partitions="$4" run="$5"
  topics "$topic:$partitions"
  local summary="$WORK/$label.summary.json" rss="$WORK/$label.rss" t0 t1 rc=0
  # shellcheck disable=SC2086
  start_bg "$label" "$JAVA" -jar "$PRODUCER_JAR" batch --bootstrap-servers "$BOOTSTRAP" --input "$csv" --topic "$topic" \
    --checkpoint "$WORK/$label.checkpoint.json" --reset-checkpoint --summary-json "$summary" -q --log-dir "$WORK/logs" \
    $PRODUCER_ARGS
  t0=$(now_ms)
  sample_rss "$LAST_PID" "$rss"
  wait_bg "$LAST_PID" || rc=$?
  t1=$(now_ms)
  [ "$rc" = 0 ] || { tail -5 "$LOGS/$label.log" >&2; die "producer.jar batch failed (exit $rc, log: $LOGS/$label.log)"; }
  record section=producer tool=churnstream label="$label" run="$run" topic="$topic" wall_ms=$((t1 - t0)) \
    summary="$summary" rss="$rss" log="$LOGS/$label.log"
}

producer_performance() {
  local label="$1" records="$2" topic="$3" run="$4" t0 t1 rc=0
  topics "$topic:3"
  start_bg "$label" "$JAVA" -cp "$BENCH_JAR" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" \
    --topic "$topic" --num-records "$records" --payload-file "$WORK/payload.txt" --throughput -1 \
    --command-property "${PP_PROPS[@]}"
  t0=$(now_ms)
  sample_rss "$LAST_PID" "$WORK/$label.rss"
  wait_bg "$LAST_PID" || rc=$?
  t1=$(now_ms)
  [ "$rc" = 0 ] || { tail -5 "$LOGS/$label.log" >&2; die "ProducerPerformance failed (exit $rc, log: $LOGS/$label.log)"; }
  record section=producer tool=producer_performance label="$label" run="$run" topic="$topic" wall_ms=$((t1 - t0)) \
    output="$LOGS/$label.log" rss="$WORK/$label.rss"
}

section_producer() {
  info "producer: generating $ROWS rows (seed $SEED)"
  "$JAVA" -jar "$PRODUCER_JAR" generate --rows "$ROWS" --seed "$SEED" --out "$WORK/customers.csv" --log-dir "$WORK/logs" \
    || die "producer.jar generate failed"
  "$JAVA" -jar "$BENCH_JAR" payload --input "$WORK/customers.csv" --out "$WORK/payload.txt" >"$WORK/payload.json" \
    || die "computing the record sizes failed"
  record section=producer kind=payload file="$WORK/payload.json"
  info "producer: records of $(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["avg_value_bytes"])' \
    "$WORK/payload.json") bytes on average; ProducerPerformance sends the same JSON values"
  if [ "$WARMUP_ROWS" -gt 0 ]; then
    info "producer: warm-up ($WARMUP_ROWS records each)"
    "$JAVA" -jar "$PRODUCER_JAR" generate --rows "$WARMUP_ROWS" --seed "$((SEED + 1))" --out "$WORK/warmup.csv" \
      --log-dir "$WORK/logs" || die "producer.jar generate failed"
    producer_batch producer_warmup "$WORK/warmup.csv" bench.producer.warmup 3 0
    producer_performance pp_warmup "$WARMUP_ROWS" bench.pp.warmup 0
    topics --delete bench.producer.warmup bench.pp.warmup
  fi
  local run
  for run in $(seq 1 "$RUNS"); do
    info "producer: run $run/$RUNS (producer.jar batch, then ProducerPerformance)"
    producer_batch "producer_$run" "$WORK/customers.csv" "bench.producer.$run" 3 "$run"
    producer_performance "pp_$run" "$ROWS" "bench.pp.$run" "$run"
    topics --delete "bench.pp.$run"
    if [ "$run" -lt "$RUNS" ]; then topics --delete "bench.producer.$run"; fi
  done
  INPUT_TOPIC="bench.producer.$RUNS"
}

# The 3-partition input of the consumer runs: the producer section's last topic, or a fresh one.
ensure_input() {
  if [ -n "${INPUT_TOPIC:-}" ]; then
    return
  fi
  [ -f "$WORK/customers.csv" ] || "$JAVA" -jar "$PRODUCER_JAR" generate --rows "$ROWS" --seed "$SEED" \
    --out "$WORK/customers.csv" --log-dir "$WORK/logs" || die "producer.jar generate failed"
  info "filling bench.input with $ROWS records"
  producer_batch fill_input "$WORK/customers.csv" bench.input 3 0
  INPUT_TOPIC=bench.input
}

# Why consumer.jar cannot be measured, or nothing when it can.
consumer_missing() {
  if [ ! -f "$CONSUMER_JAR" ]; then
    echo "consumer.jar not found at $CONSUMER_JAR (build the consumer module, or set CONSUMER_JAR)"
  elif ! "$JAVA" -jar "$CONSUMER_JAR" batch --help >"$WORK/consumer-help.txt" 2>&1; then
    echo "consumer.jar at $CONSUMER_JAR does not run 'batch --help': $(head -1 "$WORK/consumer-help.txt")"
  elif ! "$JAVA" -jar "$CONSUMER_JAR" batch --pass-through --help >/dev/null 2>&1; then
    echo "consumer.jar at $CONSUMER_JAR has no 'batch --pass-through' option"
  fi
}

# One consumer.jar batch run: LABEL MODE(scoring|pass_through) GUARANTEE(at_least_once|exactly_once) RECORDS RUN [TOPIC]
consumer_batch() {
  local label="$1" mode="$2" guarantee="$3" records="$4" run="$5" input="${6:-$INPUT_TOPIC}"
  local out="bench.$label.out" dlq="bench.$label.dlq" reports="$WORK/$label.reports" t0 t1 rc=0 flags=()
  [ "$mode" = pass_through ] && flags+=(--pass-through)
  [ "$guarantee" = exactly_once ] && flags+=(--exactly-once)
  topics "$out:3" "$dlq:1"
  mkdir -p "$reports"
  # shellcheck disable=SC2086
  start_bg "$label" "$JAVA" "${CONSUMER_JVM[@]}" -jar "$CONSUMER_JAR" batch --bootstrap-servers "$BOOTSTRAP" --input-topic "$input" \
    --output-topic "$out" --deadletter-topic "$dlq" --consumer-group "bench-$label-$STAMP" --max-messages "$records" \
    --timeout-ms 10000 --reports-dir "$reports" --log-dir "$WORK/logs" -q "${flags[@]}" $CONSUMER_ARGS
  t0=$(now_ms)
  sample_rss "$LAST_PID" "$WORK/$label.rss"
  wait_bg "$LAST_PID" || rc=$?
  t1=$(now_ms)
  [ "$rc" = 0 ] || { tail -5 "$LOGS/$label.log" >&2; die "consumer.jar batch failed (exit $rc, log: $LOGS/$label.log)"; }
  record section=consumer label="$label" mode="$mode" guarantee="$guarantee" run="$run" records="$records" \
    wall_ms=$((t1 - t0)) reports="$reports" rss="$WORK/$label.rss" log="$LOGS/$label.log"
  topics --delete "$out" "$dlq"
}

section_consumer() {
  ensure_input
  local guarantee mode run
  for guarantee in at_least_once exactly_once; do
    for mode in scoring pass_through; do
      if [ "$WARMUP_ROWS" -gt 0 ]; then
        info "consumer: warm-up, $mode, $guarantee ($WARMUP_ROWS records)"
        consumer_batch "consumer_${mode}_${guarantee}_warmup" "$mode" "$guarantee" "$WARMUP_ROWS" 0
      fi
      for run in $(seq 1 "$RUNS"); do
        info "consumer: $mode, $guarantee, run $run/$RUNS ($ROWS records)"
        consumer_batch "consumer_${mode}_${guarantee}_$run" "$mode" "$guarantee" "$ROWS" "$run"
      done
    done
  done
}

section_scoring() {
  info "scoring: JMH ($JMH_ARGS)"
  local rc=0
  # shellcheck disable=SC2086
  "$ROOT/scripts/bench-model.sh" $JMH_ARGS >"$LOGS/jmh.log" 2>&1 || rc=$?
  [ "$rc" = 0 ] || { tail -10 "$LOGS/jmh.log" >&2; die "the JMH benchmark failed (exit $rc, log: $LOGS/jmh.log)"; }
  cp "$ROOT/model/target/jmh-result.json" "$WORK/jmh-result.json"
  record section=scoring file="$WORK/jmh-result.json" args="$JMH_ARGS" log="$LOGS/jmh.log"
}

# Starts consumer.jar streaming on IN -> OUT/DLQ; pid in $LAST_PID.
start_streaming_consumer() {
  local label="$1" in="$2" out="$3" dlq="$4"
  # shellcheck disable=SC2086
  start_bg "$label" "$JAVA" "${CONSUMER_JVM[@]}" -jar "$CONSUMER_JAR" streaming --bootstrap-servers "$BOOTSTRAP" --input-topic "$in" \
    --output-topic "$out" --deadletter-topic "$dlq" --consumer-group "bench-$label-$STAMP" \
    --reports-dir "$WORK/$label.reports" --log-dir "$WORK/logs" -q $CONSUMER_ARGS
}

stop_bg() {
  local pid="$1" rc=0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  wait_bg "$pid" || rc=$?
  return "$rc"
}

# Waits until FILE has a line matching PATTERN, or gives up after SECONDS (returns 1); checks PID stays alive.
await_line() {
  local file="$1" pattern="$2" seconds="$3" pid="$4"
  for _ in $(seq 1 $((seconds * 4))); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}

section_latency() {
  local rate
  for rate in $LATENCY_RATES; do
    local label="latency_$rate" in="bench.latency.$rate.in" out="bench.latency.$rate.out" dlq="bench.latency.$rate.dlq"
    topics "$in:3" "$out:3" "$dlq:1"
    info "latency: $rate events/s for ${LATENCY_WARMUP_SECONDS}+${LATENCY_SECONDS} s"
    start_streaming_consumer "${label}_consumer" "$in" "$out" "$dlq"
    local consumer_pid="$LAST_PID"
    sample_rss "$consumer_pid" "$WORK/${label}_consumer.rss"
    start_bg "${label}_probe_reader" "$JAVA" -jar "$BENCH_JAR" latency --bootstrap-servers "$BOOTSTRAP" --topic "$out" \
      --count-only --max-records 1 --timeout-s 180 --out "$WORK/${label}_probe.json"
    local reader_pid="$LAST_PID"
    await_line "$LOGS/${label}_probe_reader.log" "^reading " 60 "$reader_pid" || die "the latency reader did not start"
    # probe events: the consumer is ready once a prediction is readable
    "$JAVA" -jar "$PRODUCER_JAR" streaming --bootstrap-servers "$BOOTSTRAP" --topic "$in" --events-per-sec 20 \
      --max-events 20 -q --log-dir "$WORK/logs" >"$LOGS/${label}_probe.log" 2>&1 || die "the probe producer failed"
    wait_bg "$reader_pid" || die "the latency reader failed (log: $LOGS/${label}_probe_reader.log)"
    grep -Eq '"seen":[1-9]' "$WORK/${label}_probe.json" \
      || { tail -5 "$LOGS/${label}_consumer.log" >&2; die "no prediction within 180 s of the probe events (consumer log: $LOGS/${label}_consumer.log)"; }
    local since
    since=$(now_ms)
    start_bg "${label}_reader" "$JAVA" -jar "$BENCH_JAR" latency --bootstrap-servers "$BOOTSTRAP" --topic "$out" \
      --since-epoch-ms "$since" --warmup-ms $((LATENCY_WARMUP_SECONDS * 1000)) --idle-ms 5000 --timeout-s $((LATENCY_WARMUP_SECONDS + LATENCY_SECONDS + 300)) \
      --out "$WORK/$label.json"
    reader_pid="$LAST_PID"
    await_line "$LOGS/${label}_reader.log" "^reading " 60 "$reader_pid" || die "the latency reader did not start"
    start_bg "${label}_producer" "$JAVA" -jar "$PRODUCER_JAR" streaming --bootstrap-servers "$BOOTSTRAP" --topic "$in" \
      --events-per-sec "$rate" --duration $((LATENCY_WARMUP_SECONDS + LATENCY_SECONDS)) -q --log-dir "$WORK/logs" \
      --summary-json "$WORK/${label}_producer.summary.json"
    local producer_pid="$LAST_PID" rc=0
    sample_rss "$producer_pid" "$WORK/${label}_producer.rss"
    wait_bg "$producer_pid" || rc=$?
    [ "$rc" = 0 ] || { tail -5 "$LOGS/${label}_producer.log" >&2; die "producer.jar streaming failed (exit $rc)"; }
    wait_bg "$reader_pid" || { tail -5 "$LOGS/${label}_reader.log" >&2; die "the latency reader failed"; }
    stop_bg "$consumer_pid" || info "latency: the streaming consumer exited non-zero after SIGTERM (log: $LOGS/${label}_consumer.log)"
    record section=latency rate="$rate" file="$WORK/$label.json" seconds="$LATENCY_SECONDS" \
      producer_summary="$WORK/${label}_producer.summary.json" consumer_rss="$WORK/${label}_consumer.rss" \
      producer_rss="$WORK/${label}_producer.rss"
    topics --delete "$in" "$out" "$dlq"
  done
}

# INSTANCES consumers in one group over bench.input6; a count-only reader times the predictions.
scaling_run() {
  local instances="$1" run="$2" label="scaling_${1}x_$2"
  local out="bench.$label.out" dlq="bench.$label.dlq" group="bench-$label-$STAMP" pids=() i rc=0
  topics "$out:6" "$dlq:1"
  start_bg "${label}_reader" "$JAVA" -jar "$BENCH_JAR" latency --bootstrap-servers "$BOOTSTRAP" --topic "$out" \
    --count-only --max-records "$ROWS" --idle-ms 30000 --timeout-s 1800 --out "$WORK/$label.reader.json"
  local reader_pid="$LAST_PID" t0
  await_line "$LOGS/${label}_reader.log" "^reading " 60 "$reader_pid" || die "the scaling reader did not start"
  t0=$(now_ms)
  for i in $(seq 1 "$instances"); do
    mkdir -p "$WORK/${label}_$i.reports"
    # shellcheck disable=SC2086
    start_bg "${label}_$i" "$JAVA" "${CONSUMER_JVM[@]}" -jar "$CONSUMER_JAR" batch --bootstrap-servers "$BOOTSTRAP" --input-topic bench.input6 \
      --output-topic "$out" --deadletter-topic "$dlq" --consumer-group "$group" --max-messages "$ROWS" \
      --timeout-ms 5000 --reports-dir "$WORK/${label}_$i.reports" --log-dir "$WORK/logs" -q $CONSUMER_ARGS
    pids+=("$LAST_PID")
    sample_rss "$LAST_PID" "$WORK/${label}_$i.rss"
  done
  for i in "${!pids[@]}"; do
    wait_bg "${pids[$i]}" || rc=$?
  done
  [ "$rc" = 0 ] || die "a scaling consumer failed (exit $rc, logs: $LOGS/${label}_*.log)"
  wait_bg "$reader_pid" || die "the scaling reader failed (log: $LOGS/${label}_reader.log)"
  record section=scaling instances="$instances" run="$run" start_ms="$t0" reader="$WORK/$label.reader.json" \
    reports="$WORK/$label" rss="$WORK/$label" records="$ROWS"
  topics --delete "$out" "$dlq"
}

section_scaling() {
  if [ -z "${INPUT6_FILLED:-}" ]; then
    [ -f "$WORK/customers.csv" ] || "$JAVA" -jar "$PRODUCER_JAR" generate --rows "$ROWS" --seed "$SEED" \
      --out "$WORK/customers.csv" --log-dir "$WORK/logs" || die "producer.jar generate failed"
    info "scaling: filling bench.input6 (6 partitions) with $ROWS records"
    producer_batch fill_input6 "$WORK/customers.csv" bench.input6 6 0
    INPUT6_FILLED=1
  fi
  local instances run
  for instances in 1 2; do
    for run in $(seq 1 "$RUNS"); do
      info "scaling: $instances consumer(s), run $run/$RUNS"
      scaling_run "$instances" "$run"
    done
  done
}

mkdir -p "$LOGS" "$ROOT/reports"
rm -f "$LOGS"/*.log
: >"$RESULTS"
record kind=settings clock_ticks="$(getconf CLK_TCK)" rows="$ROWS" runs="$RUNS" warmup_rows="$WARMUP_ROWS" sections="$SECTIONS" seed="$SEED" \
  port="$BENCH_PORT" producer_args="$PRODUCER_ARGS" consumer_args="$CONSUMER_ARGS" jmh_args="$JMH_ARGS" \
  latency_rates="$LATENCY_RATES" latency_seconds="$LATENCY_SECONDS" latency_warmup_seconds="$LATENCY_WARMUP_SECONDS" \
  pp_props="${PP_PROPS[*]}" load_start="$(cut -d' ' -f1-3 /proc/loadavg)" started="$STAMP"
build
CONSUMER_NOTE="$(consumer_missing)"
[ -z "$CONSUMER_NOTE" ] || info "consumer sections will be skipped: $CONSUMER_NOTE"
record kind=consumer_jar note="$CONSUMER_NOTE"

if wants producer || { [ -z "$CONSUMER_NOTE" ] && { wants consumer || wants latency || wants scaling; }; }; then
  start_broker
fi
wants producer && section_producer
wants scoring && section_scoring
if [ -z "$CONSUMER_NOTE" ]; then
  wants consumer && section_consumer
  wants latency && section_latency
  wants scaling && section_scaling
fi
record kind=end load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 "$ROOT/scripts/bench-report.py" "$RESULTS" "$REPORT" "$(nproc)" "$("$JAVA" -version 2>&1 | head -1)"
info "report: $REPORT"
