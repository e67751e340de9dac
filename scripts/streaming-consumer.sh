#!/usr/bin/env bash
# One long-running streaming consumer in the background, for orchestration (the churn_streaming_pipeline DAG):
#   scripts/streaming-consumer.sh start           start it unless it already runs; wait until /health answers 200
#   scripts/streaming-consumer.sh watch SECONDS   check /health every WATCH_INTERVAL s for SECONDS; fail when the
#                                                 process is gone or /health says DOWN 3 times in a row
#   scripts/streaming-consumer.sh stop            SIGTERM: it completes its poll, commits, writes its summary, exits
# Settings (environment): KAFKA_BOOTSTRAP_SERVERS, METRICS_PORT (9464, the port Prometheus scrapes),
# CONSUMER_GROUP (churn-prediction-group), CONSUMER_ARGS (more consumer.jar flags), CONSUMER_DIR (pid and output,
# default target/streaming-consumer), REPORTS_DIR (reports), WATCH_INTERVAL (10).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

METRICS_PORT="${METRICS_PORT:-9464}"
CONSUMER_DIR="${CONSUMER_DIR:-$ROOT/target/streaming-consumer}"
pid_file="$CONSUMER_DIR/consumer.pid"
out_file="$CONSUMER_DIR/consumer.out"

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }
health() { http_get localhost "$METRICS_PORT" /health; }

start() {
  if running; then
    info "streaming consumer already running (pid $(cat "$pid_file")), /health on :$METRICS_PORT"
    return
  fi
  ensure_built
  if port_open "localhost:$METRICS_PORT"; then
    die "something already listens on localhost:$METRICS_PORT: stop it or set METRICS_PORT"
  fi
  mkdir -p "$CONSUMER_DIR"
  # setsid: the consumer outlives the shell (and the Airflow task) that started it
  # shellcheck disable=SC2086  # CONSUMER_ARGS is a list of flags
  (cd "$ROOT" && exec setsid "$JAVA" "${CONSUMER_JVM[@]}" -jar "$CONSUMER_JAR" streaming \
    --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" --metrics-port "$METRICS_PORT" \
    --consumer-group "${CONSUMER_GROUP:-churn-prediction-group}" --reports-dir "${REPORTS_DIR:-$ROOT/reports}" \
    ${CONSUMER_ARGS:-}) </dev/null >"$out_file" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 120); do
    if ! running; then
      tail -5 "$out_file" >&2
      rm -f "$pid_file"
      die "the streaming consumer exited during start-up (output: $out_file)"
    fi
    if [ "$(http_status localhost "$METRICS_PORT" /health)" = 200 ]; then
      info "streaming consumer up (pid $(cat "$pid_file"), /health and /metrics on :$METRICS_PORT, output $out_file)"
      return
    fi
    sleep 0.5
  done
  die "the streaming consumer did not report healthy within 60 s: $(health | tail -1) (output: $out_file)"
}

watch() {
  local seconds="$1" interval="${WATCH_INTERVAL:-10}" down=0 checks=0 response
  [[ "$seconds" =~ ^[0-9]+$ ]] || die "watch needs a number of seconds, got '$seconds'"
  local deadline=$((SECONDS + seconds))
  while :; do
    running || die "the streaming consumer is not running (last output: $(tail -1 "$out_file" 2>/dev/null))"
    response="$(health)"
    checks=$((checks + 1))
    if [ "$(echo "$response" | head -1 | cut -d' ' -f2)" = 200 ]; then
      down=0
    else
      down=$((down + 1))
      info "/health is not UP: $(echo "$response" | tail -1)"
      [ "$down" -lt 3 ] || die "/health was not UP 3 times in a row: $(echo "$response" | tail -1)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep "$interval"
  done
  info "streaming consumer healthy: $checks checks over $seconds s; last: $(echo "$response" | tail -1)"
}

stop() {
  if ! running; then
    info "no streaming consumer running (pid file $pid_file)"
    rm -f "$pid_file"
    return
  fi
  stop_process "$(cat "$pid_file")" 30 consumer "it resumes from its last commit"
  rm -f "$pid_file"
  info "streaming consumer stopped"
}

case "${1:-}" in
  start) start ;;
  watch) watch "${2:-60}" ;;
  stop) stop ;;
  *) die "usage: scripts/streaming-consumer.sh start|watch SECONDS|stop" ;;
esac
