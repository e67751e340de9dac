#!/usr/bin/env bash
# Stops the broker started by start-broker.sh (SIGTERM, then SIGKILL after 30 s).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pid_file="$RUN_DIR/broker.pid"
if [ ! -f "$pid_file" ]; then
  info "no local broker recorded in $pid_file"
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
    info "broker $pid ignored SIGTERM for 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pid_file"
info "local broker stopped"
