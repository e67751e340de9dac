#!/usr/bin/env bash
# Checks the operations files: the Prometheus config and alert rules (promtool check config / check rules),
# the alerts' unit tests (promtool test rules ops/prometheus/alerts.test.yml), that every dashboard query parses,
# and that the Airflow DAGs and the ops Python compile (syntax only: Airflow itself is not installed).
# Installs Debian's prometheus and python3-yaml with apt-get when missing and run as root (CI); otherwise says how.
# Run by `./mvnw verify` (system-tests, before the integration tests, which need its packages); -Dops.skip=true skips it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3   # Debian's interpreter, where apt's python3-yaml lives
PROM="$ROOT/ops/prometheus"
WORK="$ROOT/target/check-ops"

ensure_prometheus "scripts/check-ops.sh"
[ -x "$PY" ] || apt_install "scripts/check-ops.sh" python3
"$PY" -c 'import yaml' 2>/dev/null || apt_install "scripts/check-ops.sh" python3-yaml

rm -rf "$WORK"
mkdir -p "$WORK"
quiet() { "$@" >"$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; die "failed: $*"; }; }

quiet promtool check config "$PROM/prometheus.yml"
quiet promtool check rules "$PROM/alerts.yml"
(cd "$PROM" && quiet promtool test rules alerts.test.yml)
info "promtool: config, rules and $(grep -c 'alertname:' "$PROM/alerts.test.yml") alert test cases pass"

quiet "$PY" "$ROOT/ops/list-queries.py" --rules-file "$WORK/dashboard-queries.yml"
quiet promtool check rules "$WORK/dashboard-queries.yml"
info "dashboard: $(grep -c 'record:' "$WORK/dashboard-queries.yml") queries parse as PromQL"

mapfile -t sources < <(find "$ROOT/orchestration" "$ROOT/ops" -name '*.py' | sort)
PYTHONPYCACHEPREFIX="$WORK/pycache" quiet "$PY" -m py_compile "${sources[@]}"
info "python: ${#sources[@]} files compile"
