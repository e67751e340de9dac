#!/usr/bin/env bash
# Starts the local Kafka (broker.jar) in the background and prints its ready line; pid and log under target/local-broker/.
# Usage: scripts/start-broker.sh [PORT] [--nodes N] [--secure]
#   PORT       client port (of the first node); default: the port of the first of $KAFKA_BOOTSTRAP_SERVERS, else 19092
#   --nodes N  a cluster of N nodes, each a process of its own: clients on PORT..PORT+N-1, controllers on the next N ports
#   --secure   SASL_SSL (SCRAM) for clients, TLS between brokers, the pipeline's users, topics and ACLs; also prints
#              where the client settings are (DATA_DIR/client-*.properties)
# BROKER_DATA_DIR moves the data (default target/local-broker/data, or target/local-broker/secure-data with --secure;
# kept across restarts; a data dir belongs to a plain or to a secure broker for good).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage="usage: scripts/start-broker.sh [PORT] [--nodes N] [--secure]"
first="${KAFKA_BOOTSTRAP_SERVERS%%,*}"
port="${first##*:}"
nodes=1
secure=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) [ $# -ge 2 ] || die "--nodes needs a number: $usage"; nodes="$2"; shift 2 ;;
    --nodes=*) nodes="${1#--nodes=}"; shift ;;
    --secure) secure=(--secure); shift ;;
    ''|*[!0-9]*) die "unknown argument '$1': $usage" ;;
    *) port="$1"; shift ;;
  esac
done
case "$nodes" in ''|*[!0-9]*|0) die "--nodes needs a positive number, not '$nodes'" ;; esac

ensure_built
mkdir -p "$RUN_DIR"
pid_file="$RUN_DIR/broker.pid"
log_file="$RUN_DIR/broker.log"
default_data_dir="$RUN_DIR/data"
[ ${#secure[@]} -eq 0 ] || default_data_dir="$RUN_DIR/secure-data"
data_dir="${BROKER_DATA_DIR:-$default_data_dir}"

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  running_dir="$(cat "$RUN_DIR/broker.data-dir" 2>/dev/null || true)"
  if [ -n "$running_dir" ] && [ "$running_dir" != "$data_dir" ]; then
    die "a local broker with data in $running_dir runs (pid $(cat "$pid_file")): stop it with scripts/stop-broker.sh first"
  fi
  info "local broker already running (pid $(cat "$pid_file"), log $log_file)"
  grep -E '^(ready|client settings): ' "$log_file" | tail -2
  exit 0
fi
for p in $(seq "$port" $((port + nodes - 1))); do
  if port_open "localhost:$p"; then
    die "something already listens on localhost:$p: stop it or pass another port"
  fi
done

: >"$log_file"  # emptied here, not by the background redirect, so the wait below cannot see an earlier run's ready line
# shellcheck disable=SC2086  # BROKER_JVM_OPTS is a list of options
nohup "$JAVA" $BROKER_JVM_OPTS -jar "$BROKER_JAR" --nodes "$nodes" --port "$port" --data-dir "$data_dir" \
  --ready-timeout 120 ${secure[@]+"${secure[@]}"} >>"$log_file" 2>&1 &
echo $! >"$pid_file"
echo "$data_dir" >"$RUN_DIR/broker.data-dir"
last_line='^ready: '
[ ${#secure[@]} -eq 0 ] || last_line='^client settings: '  # a secure broker says where they are right after it is ready
for _ in $(seq 1 300); do
  if grep -q "$last_line" "$log_file" 2>/dev/null; then
    info "local broker up (pid $(cat "$pid_file"), log $log_file, data $data_dir)"
    grep -E '^(ready|client settings): ' "$log_file" | tail -2
    exit 0
  fi
  kill -0 "$(cat "$pid_file")" 2>/dev/null || { tail -5 "$log_file" >&2; rm -f "$pid_file"; die "the broker exited during start-up (log: $log_file)"; }
  sleep 0.5
done
die "the broker did not report ready within 150 s (log: $log_file; stop it with scripts/stop-broker.sh)"
