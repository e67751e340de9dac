#!/usr/bin/env bash
# One-command demo: build if needed, start the local broker (unless one already answers), create the topics,
# run the consumer and the producer in streaming mode, stop both gracefully, and leave the evidence in reports/.
# The consumer follows the models topic: it starts with the bundled model, published as the active version; the
# challenger model is published beside it while the consumer starts, and activated halfway through the run, so the
# consumer swaps models between two polls and the run summary counts the predictions of both versions.
#
#   ./scripts/demo.sh                      # 20 events/s for 30 s
#   RATE=50 DURATION=60 ./scripts/demo.sh  # adjust the load
#   KAFKA_BOOTSTRAP_SERVERS=host:9092 ./scripts/demo.sh   # use an existing broker (e.g. Redpanda via compose)
#
# The consumer serves /metrics on :9464 (METRICS_PORT), the producer on :9465 (PRODUCER_METRICS_PORT): the ports
# ops/prometheus/prometheus.yml scrapes, so ./scripts/start-monitoring.sh beforehand shows the run in Prometheus.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RATE="${RATE:-20}"
DURATION="${DURATION:-30}"
METRICS_PORT="${METRICS_PORT:-9464}"
PRODUCER_METRICS_PORT="${PRODUCER_METRICS_PORT:-9465}"
DEMO_LOGS="$ROOT/logs/demo"
MODEL_V1="$ROOT/model/src/main/resources/io/churnstream/model/churn-gbm.pmml"
MODEL_V2="$ROOT/model/challenger/churn-gbm-challenger.pmml"
started_broker=0
consumer_pid=""
producer_pid=""
publisher_pid=""

stop_started() {
  for pid in "$publisher_pid" "$producer_pid" "$consumer_pid"; do
    stop_process "$pid" 10
  done
  if [ "$started_broker" = 1 ]; then
    "$ROOT/scripts/stop-broker.sh" >/dev/null 2>&1
  fi
}
stop_on_exit stop_started demo "$DEMO_LOGS"

[[ "$RATE" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "RATE must be a number of events per second, got '$RATE'"
[[ "$DURATION" =~ ^[0-9]+$ ]] || die "DURATION must be whole seconds, got '$DURATION'"

ensure_built
mkdir -p "$DEMO_LOGS" "$ROOT/reports"
rm -f "$DEMO_LOGS"/*.out

if port_open "$KAFKA_BOOTSTRAP_SERVERS"; then
  info "using the broker that already answers at $KAFKA_BOOTSTRAP_SERVERS"
else
  info "starting a fresh local broker on $KAFKA_BOOTSTRAP_SERVERS"
  rm -rf "$RUN_DIR/demo-data"
  BROKER_DATA_DIR="$RUN_DIR/demo-data" "$ROOT/scripts/start-broker.sh" "${KAFKA_BOOTSTRAP_SERVERS##*:}"
  started_broker=1
fi

info "creating topics"
"$ROOT/scripts/create-topics.sh" >"$DEMO_LOGS/topics.out" 2>&1 || { cat "$DEMO_LOGS/topics.out" >&2; die "topic creation failed"; }

# consumer.jar model ...: publish checks a model and prints its version; activate makes a version the active one
model_tool=("$JAVA" -jar "$CONSUMER_JAR" model)
model_flags=(--bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" -q --log-dir "$DEMO_LOGS/model-tool")
info "publishing the bundled model as the active version"
model_v1="$("${model_tool[@]}" publish "$MODEL_V1" --activate "${model_flags[@]}" 2>"$DEMO_LOGS/model-v1.out")" \
  || { cat "$DEMO_LOGS/model-v1.out" >&2; die "publishing the bundled model failed"; }
info "publishing the challenger model, inactive, while the consumer starts"
rm -f "$DEMO_LOGS/model-v2.version"
"${model_tool[@]}" publish "$MODEL_V2" "${model_flags[@]}" >"$DEMO_LOGS/model-v2.version" 2>"$DEMO_LOGS/model-v2.out" &
publisher_pid=$!

info "starting the consumer (streaming, metrics on :$METRICS_PORT)"
(cd "$ROOT" && exec "$JAVA" "${CONSUMER_JVM[@]}" -jar "$CONSUMER_JAR" streaming --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" \
  --metrics-port "$METRICS_PORT" --consumer-group churn-demo-group) >"$DEMO_LOGS/consumer.out" 2>&1 &
consumer_pid=$!
for _ in $(seq 1 120); do
  kill -0 "$consumer_pid" 2>/dev/null || { tail -5 "$DEMO_LOGS/consumer.out" >&2; die "the consumer exited during start-up"; }
  if (exec 3<>"/dev/tcp/localhost/$METRICS_PORT") 2>/dev/null && grep -q "partitions assigned\|assigned" "$DEMO_LOGS/consumer.out"; then
    break
  fi
  sleep 0.5
done

info "producing $RATE events/s for $DURATION s (metrics on :$PRODUCER_METRICS_PORT)"
(cd "$ROOT" && exec "$JAVA" -jar "$PRODUCER_JAR" streaming --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" \
  --events-per-sec "$RATE" --duration "$DURATION" --metrics-port "$PRODUCER_METRICS_PORT") >"$DEMO_LOGS/producer.out" 2>&1 &
producer_pid=$!

halfway=$(($(date +%s) + DURATION / 2))
wait "$publisher_pid" || { cat "$DEMO_LOGS/model-v2.out" >&2; die "publishing the challenger model failed"; }
model_v2="$(cat "$DEMO_LOGS/model-v2.version")"
info "activating the challenger $model_v2 halfway through, in $((halfway - $(date +%s))) s"
(sleep "$((halfway > $(date +%s) ? halfway - $(date +%s) : 0))" \
  && exec "${model_tool[@]}" activate "$model_v2" "${model_flags[@]}") >"$DEMO_LOGS/model-activate.out" 2>&1 &
publisher_pid=$!

# Sent while the producer streams, so the dead letters show in the metrics of a running consumer.
info "sending $(wc -l <"$ROOT/scripts/demo-bad-records.txt") malformed records, which must end up as dead letters"
"$JAVA" -cp "$(tools_jar)" io.churnstream.common.tools.TopicsTool send --file "$ROOT/scripts/demo-bad-records.txt" \
  --key-prefix demo-bad- --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" >"$DEMO_LOGS/bad-records.out" 2>&1 \
  || { cat "$DEMO_LOGS/bad-records.out" >&2; die "sending the malformed records failed"; }

wait "$producer_pid" || { tail -5 "$DEMO_LOGS/producer.out" >&2; die "the producer failed"; }
producer_pid=""
wait "$publisher_pid" || { cat "$DEMO_LOGS/model-activate.out" >&2; die "activating the challenger model failed"; }
publisher_pid=""

info "letting the consumer drain, then stopping it"
sleep 3
kill -TERM "$consumer_pid"
wait "$consumer_pid" || { tail -5 "$DEMO_LOGS/consumer.out" >&2; die "the consumer did not stop cleanly"; }
consumer_pid=""

info "writing topic samples"
"$ROOT/scripts/dump-topics.sh" 10 >"$DEMO_LOGS/dump.out" 2>&1 || { cat "$DEMO_LOGS/dump.out" >&2; die "dumping the topics failed"; }

summary_json="$(ls -t "$ROOT"/reports/consumer_streaming_summary_*.json 2>/dev/null | head -1)"
[ -n "$summary_json" ] || die "the consumer wrote no run summary"
json_number() { grep -m1 -A"${3:-0}" "\"$1\"" "$summary_json" | grep -o "\"${2:-$1}\" : [0-9.]*" | head -1 | sed 's/.*: //'; }

echo
echo "== summary"
echo "sent          $(grep -o 'sent [0-9]*' "$DEMO_LOGS/producer.out" | tail -1 | cut -d' ' -f2) customer events (+ $(wc -l <"$ROOT/scripts/demo-bad-records.txt") malformed)"
echo "predicted     $(json_number predicted)"
echo "dead-lettered $(json_number dead_lettered total 1)"
echo "churn rate    $(json_number churn_rate | awk '{printf "%.1f%%", $1 * 100}') predicted to churn"
echo "models        $model_v1 (bundled, active at the start), then $model_v2 (challenger, activated halfway)"
sed -n '/"predicted_by_model_version"/,/}/p' "$summary_json" | grep -o '"[^"]*" : [0-9][0-9]*' \
  | sed 's/"\(.*\)" : \(.*\)/by model      \1: \2 predictions/'
grep -m1 "takes over" "$DEMO_LOGS/consumer.out" | sed 's/^.* - /swap          /' || true
echo "latency ms    end to end p50 $(json_number end_to_end_latency_ms p50 6), p99 $(json_number end_to_end_latency_ms p99 6); scoring p50 $(json_number scoring_latency_ms p50 6), p99 $(json_number scoring_latency_ms p99 6)"
echo
echo "== sample predictions (reports/kafka_predictions_sample.json)"
grep -E '"(customerID|churn_probability|prediction)"' "$ROOT/reports/kafka_predictions_sample.json" | head -9 || true
echo "== sample dead letters (reports/kafka_deadletter_sample.json)"
grep -E '"(error_type|error_message)"' "$ROOT/reports/kafka_deadletter_sample.json" | head -6 || true
echo
echo "evidence: $summary_json"
echo "          ${summary_json%.json}.html"
echo "          reports/kafka_raw_sample.json reports/kafka_predictions_sample.json reports/kafka_deadletter_sample.json"
echo "          logs/kafka_producer.log logs/kafka_consumer.log, process output in logs/demo/"
if [ -f "$MONITORING_DIR/prometheus.url" ]; then
  echo "metrics:  $(cat "$MONITORING_DIR/prometheus.url")/graph?g0.expr=sum%20by%20(job)%20(rate(churn_records_scored_total%5B1m%5D))"
fi
