#!/usr/bin/env bash
# Starts a local Prometheus on ops/prometheus/prometheus.yml (scrapes the consumer on :9464 and the producer on
# :9465, loads ops/prometheus/alerts.yml) in the background; data, pid and log under target/monitoring/.
# Usage: scripts/start-monitoring.sh [PORT]   (UI and API on http://localhost:PORT, default $PROMETHEUS_PORT or 9090)
# Installs Debian's prometheus package with apt-get when missing and run as root. Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

port="${1:-${PROMETHEUS_PORT:-9090}}"
[[ "$port" =~ ^[0-9]+$ ]] || die "the port must be a number, got '$port'"
pid_file="$MONITORING_DIR/prometheus.pid"
log_file="$MONITORING_DIR/prometheus.log"
url="http://localhost:$port"

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  info "Prometheus already running (pid $(cat "$pid_file")) on $(cat "$MONITORING_DIR/prometheus.url" 2>/dev/null || echo "$url")"
  exit 0
fi
ensure_prometheus "scripts/start-monitoring.sh"
if port_open "localhost:$port"; then
  die "something already listens on localhost:$port: stop it or pass another port (scripts/start-monitoring.sh PORT)"
fi
mkdir -p "$MONITORING_DIR/data"

nohup prometheus --config.file="$ROOT/ops/prometheus/prometheus.yml" --storage.tsdb.path="$MONITORING_DIR/data" \
  --storage.tsdb.retention.time=2d --web.listen-address="localhost:$port" >"$log_file" 2>&1 &
echo $! >"$pid_file"
echo "$url" >"$MONITORING_DIR/prometheus.url"
for _ in $(seq 1 60); do
  if [ "$(http_status localhost "$port" /-/ready)" = 200 ]; then
    info "Prometheus ready on $url (pid $(cat "$pid_file"), log $log_file): targets $url/targets, alerts $url/alerts"
    exit 0
  fi
  kill -0 "$(cat "$pid_file")" 2>/dev/null || { tail -5 "$log_file" >&2; rm -f "$pid_file"; die "Prometheus exited during start-up (log: $log_file)"; }
  sleep 0.5
done
die "Prometheus did not report ready within 30 s (log: $log_file; stop it with scripts/stop-monitoring.sh)"
