#!/usr/bin/env bash
# Stops the Prometheus started by start-monitoring.sh (SIGTERM, then SIGKILL after 30 s); its data stays in
# target/monitoring/data for the next start.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pid_file="$MONITORING_DIR/prometheus.pid"
if [ ! -f "$pid_file" ]; then
  info "no local Prometheus recorded in $pid_file"
  exit 0
fi
pid="$(cat "$pid_file")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    info "Prometheus $pid ignored SIGTERM for 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pid_file" "$MONITORING_DIR/prometheus.url"
info "local Prometheus stopped"
