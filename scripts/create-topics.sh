#!/usr/bin/env bash
# Creates telco.raw.customers (3 partitions), telco.churn.predictions (3) and telco.churn.deadletter (1)
# on the broker at $KAFKA_BOOTSTRAP_SERVERS (default localhost:19092). Idempotent; works on Kafka and Redpanda.
# Extra arguments go to the tool, e.g. --kafka-config client.properties
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_built
exec "$JAVA" -cp "$(tools_jar)" io.churnstream.common.tools.TopicsTool create --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" "$@"
