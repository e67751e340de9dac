#!/usr/bin/env bash
# Stops the broker started by start-broker.sh (SIGTERM, then SIGKILL after 60 s), then makes sure none of its
# cluster nodes (DATA_DIR/node-*.pid) is left running.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pid_file="$RUN_DIR/broker.pid"
data_dir="$(cat "$RUN_DIR/broker.data-dir" 2>/dev/null || echo "${BROKER_DATA_DIR:-$RUN_DIR/data}")"

# Waits up to $2 seconds for process $1 to exit; false if it still runs.
await_exit() {
  for _ in $(seq 1 $(($2 * 2))); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.5
  done
  ! kill -0 "$1" 2>/dev/null
}

if [ -f "$pid_file" ]; then
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    if ! await_exit "$pid" 60; then
      info "broker $pid ignored SIGTERM for 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
else
  info "no local broker recorded in $pid_file"
fi

# A node stops by itself once its parent is gone; one that does not is killed. A pid file left by a killed node may
# name an unrelated process by now, so only a process that is a cluster node is touched.
for node_pid_file in "$data_dir"/node-*.pid; do
  [ -f "$node_pid_file" ] || continue
  node_pid="$(cat "$node_pid_file")"
  if ps -o args= -p "$node_pid" 2>/dev/null | grep -q 'io.churnstream.broker.ClusterNode'; then
    if ! await_exit "$node_pid" 30; then
      info "cluster node $node_pid ($node_pid_file) still runs; killing it"
      kill -KILL "$node_pid" 2>/dev/null || true
      await_exit "$node_pid" 10 || die "cluster node $node_pid survived SIGKILL"
    fi
  fi
  rm -f "$node_pid_file"
done
rm -f "$pid_file" "$RUN_DIR/broker.data-dir"
info "local broker stopped"
