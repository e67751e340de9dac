# Shared helpers for the scripts in this folder; source it, don't run it.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-localhost:19092}"
BROKER_JAR="$ROOT/broker/target/broker.jar"
PRODUCER_JAR="$ROOT/producer/target/producer.jar"
CONSUMER_JAR="$ROOT/consumer/target/consumer.jar"
RUN_DIR="$ROOT/target/local-broker"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The consumer's JVM options in every script and the benchmark's default (README, "Scaling out"): a heap that starts
# small and stays small, and the serial collector, which costs the scoring thread less CPU than G1 at this size.
CONSUMER_JVM_OPTS="${CONSUMER_JVM_OPTS:--Xms48m -Xmx160m -XX:+UseSerialGC}"
# The local broker's JVM options, and the benchmark's private broker's (scripts/bench.sh passes them on).
BROKER_JVM_OPTS="${BROKER_JVM_OPTS:--Xmx1g}"

# Sets CONSUMER_JVM, how the scripts start consumer.jar: CONSUMER_JVM_OPTS, and the files the build writes beside the
# jar (README, "The JVM files beside consumer.jar"): the class data sharing archive, for a faster start-up (a missing,
# stale or foreign one only costs that speed; -Xlog:cds...=off keeps the JVM from saying so on stdout), and the
# compiler directives, which keep the C2 compiler to the project's own code (the JVM's line on loading them goes to
# stderr). bench.jar adds the same files beside the jar it measures.
consumer_jvm() {
  # shellcheck disable=SC2206  # CONSUMER_JVM_OPTS is a list of options
  CONSUMER_JVM=(${CONSUMER_JVM_OPTS})
  if [ -f "$ROOT/consumer/target/consumer.jsa" ]; then
    CONSUMER_JVM+=("-XX:SharedArchiveFile=$ROOT/consumer/target/consumer.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  if [ -f "$ROOT/consumer/target/compiler-directives.json" ]; then
    CONSUMER_JVM+=(-XX:+UnlockDiagnosticVMOptions "-XX:CompilerDirectivesFile=$ROOT/consumer/target/compiler-directives.json"
      -XX:+DisplayVMOutputToStderr)
  fi
}
consumer_jvm

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
  consumer_jvm
}

# Waits up to $2 seconds for process $1 to exit; false if it still runs.
await_exit() {
  for _ in $(seq 1 $(($2 * 4))); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.25
  done
  ! kill -0 "$1" 2>/dev/null
}

# Stops process $1 if it runs: SIGTERM, then SIGKILL when it still runs after $2 seconds, saying so when $3 names
# what it is ($4 adds what that means). Returns once it is gone; false, with a line on stderr, if SIGKILL left it.
stop_process() {
  local pid="$1" grace="$2" what="${3:-}" note="${4:-}"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  await_exit "$pid" "$grace" && return 0
  [ -z "$what" ] || info "$what $pid ignored SIGTERM for $grace s; killing it${note:+ ($note)}"
  kill -KILL "$pid" 2>/dev/null || true
  await_exit "$pid" 10 || { echo "error: ${what:-process} $pid survived SIGKILL" >&2; return 1; }
}

# Stops the nodes a cluster recorded as DIR/node-*.pid and removes their pid files. A pid file left by a killed node
# may name an unrelated process by now, so only a process that is a cluster node is touched.
stop_cluster_nodes() {
  local pid_file pid
  for pid_file in "$1"/node-*.pid; do
    [ -f "$pid_file" ] || continue
    pid="$(cat "$pid_file")"
    if ps -o args= -p "$pid" 2>/dev/null | grep -q 'io.churnstream.broker.ClusterNode'; then
      stop_process "$pid" 30 "cluster node"
    fi
    rm -f "$pid_file"
  done
}

# Calls function $1 when the script ends, Ctrl+C included (exit 130), to stop what the script started, and keeps the
# script's exit code. When $2 names the script and it did not end cleanly, says so on stderr, pointing at its output
# in directory $3.
stop_on_exit() {
  STOP_ON_EXIT=("$@")
  trap _stop_on_exit EXIT
  trap 'exit 130' INT TERM
}

_stop_on_exit() {
  local rc=$? name="${STOP_ON_EXIT[1]:-}" output="${STOP_ON_EXIT[2]:-}"
  trap - EXIT INT TERM
  set +e  # one process that will not stop must not keep the others running
  "${STOP_ON_EXIT[0]}"
  if [ -n "$name" ] && [ "$rc" = 130 ]; then
    echo "$name interrupted: everything it started is stopped; output is in $output/" >&2
  elif [ -n "$name" ] && [ "$rc" != 0 ]; then
    echo "$name failed (exit $rc); output is in $output/" >&2
  fi
  exit "$rc"
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

# Installs Debian packages with apt-get when running as root; otherwise one line saying how, and exit.
# The first argument says what needs them, for that line.
apt_install() {
  local why="$1"; shift
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "$why needs $*: install it with 'sudo apt-get install -y --no-install-recommends $*' (Debian/Ubuntu), then rerun"
  fi
  info "installing $* with apt-get (for $why)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } >/dev/null \
    || die "apt-get install $* failed: run it by hand to see why"
}

# Debian's prometheus package (prometheus and promtool) when promtool or prometheus is missing.
ensure_prometheus() {
  if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
    apt_install "${1:-this script}" prometheus
  fi
}

MONITORING_DIR="$ROOT/target/monitoring"

# The response (status line, headers, body) of GET http://HOST:PORT/PATH in plain bash (no curl on a bare machine);
# empty if nothing answers.
http_get() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$3" "$1" >&3
    cat <&3
  ) 2>/dev/null || true
}

# The status code of GET http://HOST:PORT/PATH; empty if nothing answers.
http_status() {
  http_get "$@" | head -1 | cut -d' ' -f2
}
