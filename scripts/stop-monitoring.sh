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
stop_process "$(cat "$pid_file")" 30 Prometheus
rm -f "$pid_file" "$MONITORING_DIR/prometheus.url"
info "local Prometheus stopped"
