# Shared helpers for the scripts in this folder; source it, don't run it.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-localhost:19092}"
BROKER_JAR="$ROOT/broker/target/broker.jar"
PRODUCER_JAR="$ROOT/producer/target/producer.jar"
CONSUMER_JAR="$ROOT/consumer/target/consumer.jar"
RUN_DIR="$ROOT/target/local-broker"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "error: $*" >&2; exit 1; }
info() { echo "[$(date +%H:%M:%S)] $*" >&2; }

require_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "no java on PATH: install a JDK 17 or newer"
}

# Builds the jars when one is missing (skipping tests).
ensure_built() {
  require_java
  if [ ! -f "$BROKER_JAR" ] || [ ! -f "$PRODUCER_JAR" ] || [ ! -f "$CONSUMER_JAR" ]; then
    info "building the jars (./mvnw -q -DskipTests package)"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package) || die "the build failed: run ./mvnw -DskipTests package to see why"
  fi
}

# True when something accepts TCP connections at host:port (the first of a comma-separated list).
port_open() {
  local first="${1%%,*}"
  local host="${first%%:*}" port="${first##*:}"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# The jar that carries the topics tool (both do).
tools_jar() {
  if [ -f "$PRODUCER_JAR" ]; then echo "$PRODUCER_JAR"; else echo "$CONSUMER_JAR"; fi
}
