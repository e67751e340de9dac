#!/usr/bin/env bash
# Starts the local Kafka broker (broker.jar) in the background; pid and log under target/local-broker/.
# Usage: scripts/start-broker.sh [PORT]   (default: the port of $KAFKA_BOOTSTRAP_SERVERS, else 19092)
# BROKER_DATA_DIR moves the data (default target/local-broker/data, kept across restarts).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

port="${1:-${KAFKA_BOOTSTRAP_SERVERS##*:}}"
ensure_built
mkdir -p "$RUN_DIR"
pid_file="$RUN_DIR/broker.pid"
log_file="$RUN_DIR/broker.log"

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  info "local broker already running (pid $(cat "$pid_file")) on localhost:$port"
  exit 0
fi
if port_open "localhost:$port"; then
  die "something already listens on localhost:$port: stop it or pass another port"
fi

nohup "$JAVA" -Xmx1g -jar "$BROKER_JAR" --port "$port" --data-dir "${BROKER_DATA_DIR:-$RUN_DIR/data}" >"$log_file" 2>&1 &
echo $! >"$pid_file"
for _ in $(seq 1 120); do
  if grep -q '^ready: ' "$log_file" 2>/dev/null; then
    info "$(grep '^ready: ' "$log_file" | tail -1) (pid $(cat "$pid_file"), log $log_file)"
    exit 0
  fi
  kill -0 "$(cat "$pid_file")" 2>/dev/null || { tail -5 "$log_file" >&2; rm -f "$pid_file"; die "the broker exited during start-up (log: $log_file)"; }
  sleep 0.5
done
die "the broker did not report ready within 60 s (log: $log_file)"
