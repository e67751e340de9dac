#!/usr/bin/env bash
# Failover demo: a 3-node cluster, generated customers streamed through the consumer with --exactly-once, and the
# broker that leads the input partitions SIGKILLed mid-stream and then restarted. Ends with what a read_committed
# reader counts on the topics; exits non-zero unless lost=0 and duplicated=0. Leaves nothing running, Ctrl+C included.
#
#   ./scripts/failover-demo.sh                     # 300 events/s for 30 s, clients on ports 29092-29094
#   PORT=27092 RATE=500 DURATION=30 ./scripts/failover-demo.sh
#
# The cluster's data, logs and every process's output go to target/failover-demo/ (emptied at each start).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PORT="${PORT:-29092}"
RATE="${RATE:-300}"
DURATION="${DURATION:-30}"
DEMO_DIR="$ROOT/target/failover-demo"
DATA_DIR="$DEMO_DIR/data"
GROUP=failover-demo
cluster_pid=""
consumer_pid=""
producer_pid=""
node_pid=""

stop_started() {
  stop_process "$producer_pid" 30
  stop_process "$consumer_pid" 30
  stop_process "$node_pid" 30
  stop_process "$cluster_pid" 60
  stop_cluster_nodes "$DATA_DIR"
}
stop_on_exit stop_started "failover demo" "$DEMO_DIR"

[[ "$PORT" =~ ^[0-9]+$ ]] || die "PORT must be a TCP port, got '$PORT'"
[[ "$RATE" =~ ^[0-9]+$ && "$RATE" -gt 0 ]] || die "RATE must be a whole number of events per second, got '$RATE'"
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 20 ]] || die "DURATION must be at least 20 seconds, got '$DURATION'"

ensure_built
for p in $(seq "$PORT" $((PORT + 5))); do
  port_open "localhost:$p" && die "something already listens on localhost:$p: pass another PORT"
done
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"
BOOTSTRAP="localhost:$PORT,localhost:$((PORT + 1)),localhost:$((PORT + 2))"
topics() { "$JAVA" -cp "$(tools_jar)" io.churnstream.common.tools.TopicsTool "$@" --bootstrap-servers "$BOOTSTRAP"; }

# Waits up to $3 seconds for a line matching $2 in file $1; fails if process $4 exits first.
await_line() {
  for _ in $(seq 1 $(($3 * 4))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || { tail -5 "$1" >&2; die "$(basename "$1" .out) exited early (see $1)"; }
    sleep 0.25
  done
  die "no '$2' in $1 within $3 s"
}

info "starting a 3-node cluster on ports $PORT-$((PORT + 2))"
"$JAVA" -Xmx256m -jar "$BROKER_JAR" --nodes 3 --port "$PORT" --data-dir "$DATA_DIR" --ready-timeout 120 \
  >"$DEMO_DIR/cluster.out" 2>&1 &
cluster_pid=$!
await_line "$DEMO_DIR/cluster.out" '^ready: ' 150 "$cluster_pid"

info "starting the consumer (streaming, --exactly-once)"
(cd "$DEMO_DIR" && exec "$JAVA" "${CONSUMER_JVM[@]}" -jar "$CONSUMER_JAR" streaming --exactly-once --bootstrap-servers "$BOOTSTRAP" \
  --consumer-group "$GROUP" --instance-id failover-demo --log-dir logs --reports-dir reports) >"$DEMO_DIR/consumer.out" 2>&1 &
consumer_pid=$!
await_line "$DEMO_DIR/consumer.out" 'partitions assigned: \[.' 120 "$consumer_pid"

info "streaming $RATE generated customers/s for $DURATION s"
(cd "$DEMO_DIR" && exec "$JAVA" -Xmx256m -jar "$PRODUCER_JAR" streaming --bootstrap-servers "$BOOTSTRAP" \
  --events-per-sec "$RATE" --duration "$DURATION" --seed 9 --log-dir logs --reports-dir reports) >"$DEMO_DIR/producer.out" 2>&1 &
producer_pid=$!
await_line "$DEMO_DIR/producer.out" 'progress: ' 60 "$producer_pid"

leader="$(topics leader 2>"$DEMO_DIR/leader.err")" || { cat "$DEMO_DIR/leader.err" >&2; die "cannot tell which node leads the input"; }
victim="$(cat "$DATA_DIR/node-$leader.pid")"
info "SIGKILL node $leader (pid $victim), which leads most input partitions"
kill -KILL "$victim"
sleep 8

info "restarting node $leader"
# One node of the cluster, started the way broker.jar starts its nodes; it stops when the cluster process does.
"$JAVA" -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$BROKER_JAR" io.churnstream.broker.ClusterNode \
  "$DATA_DIR/node-$leader" --parent-pid "$cluster_pid" --ready-timeout 120 >"$DEMO_DIR/node-$leader-restarted.out" 2>&1 &
node_pid=$!
await_line "$DEMO_DIR/node-$leader-restarted.out" '^node ready' 120 "$node_pid"

wait "$producer_pid" || { tail -5 "$DEMO_DIR/producer.out" >&2; die "the producer failed"; }
producer_pid=""
info "waiting for the consumer to score every event, then stopping it"
topics count --wait 90 >/dev/null 2>&1 || true
kill -TERM "$consumer_pid"
wait "$consumer_pid" || { tail -5 "$DEMO_DIR/consumer.out" >&2; die "the consumer did not stop cleanly"; }
consumer_pid=""

echo
echo "== counted by a read_committed reader (node $leader was SIGKILLed mid-stream and restarted)"
topics count | tr ' ' '\n'
