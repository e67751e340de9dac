#!/usr/bin/env bash
# Stops the broker started by start-broker.sh (SIGTERM, then SIGKILL after 60 s), then makes sure none of its
# cluster nodes (DATA_DIR/node-*.pid) is left running.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pid_file="$RUN_DIR/broker.pid"
data_dir="$(cat "$RUN_DIR/broker.data-dir" 2>/dev/null || echo "${BROKER_DATA_DIR:-$RUN_DIR/data}")"

if [ -f "$pid_file" ]; then
  stop_process "$(cat "$pid_file")" 60 broker
else
  info "no local broker recorded in $pid_file"
fi
stop_cluster_nodes "$data_dir"
rm -f "$pid_file" "$RUN_DIR/broker.data-dir"
info "local broker stopped"
