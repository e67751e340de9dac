#!/usr/bin/env bash
# Writes the last N (default 10) records of each topic to reports/kafka_raw_sample.json,
# reports/kafka_predictions_sample.json and reports/kafka_deadletter_sample.json.
# Usage: scripts/dump-topics.sh [N] [--kafka-config FILE ...]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

n=10
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then n="$1"; shift; fi
ensure_built
exec "$JAVA" -cp "$(tools_jar)" io.churnstream.common.tools.TopicsTool dump "$n" \
  --out-dir "$ROOT/reports" --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" "$@"
