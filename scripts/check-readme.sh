#!/usr/bin/env bash
# Runs every ```bash block of README.md (indented ones inside lists too), in order, from the repo root, so the
# README cannot promise a command that fails. A block preceded by a line <!-- readme-check: skip REASON --> is
# listed but not run (Docker, the test suite itself). A local broker is started first when nothing answers on
# $KAFKA_BOOTSTRAP_SERVERS, and again before each block if a block stopped it; a block preceded by
# <!-- readme-check: secure --> gets a secured one instead (scripts/start-broker.sh --secure, its client settings in
# target/local-broker/secure-data/), stopped after the block. The script stops what it started.
# Usage: scripts/check-readme.sh [README]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

readme="${1:-$ROOT/README.md}"
work="$ROOT/target/readme-check"
rm -rf "$work" && mkdir -p "$work"
started=0

stop_started() {
  if [ "$started" = 1 ]; then "$ROOT/scripts/stop-broker.sh" >/dev/null 2>&1; fi
}
stop_on_exit stop_started

ensure_built
ensure_broker() {
  if ! port_open "$KAFKA_BOOTSTRAP_SERVERS"; then
    "$ROOT/scripts/start-broker.sh" >/dev/null
    started=1
  fi
}

# A secured broker on the same port: the plain one this script started is stopped first; one it did not start is
# left alone, and the block fails.
ensure_secure_broker() {
  if [ "$started" = 1 ]; then
    "$ROOT/scripts/stop-broker.sh" >/dev/null 2>&1
    started=0
  fi
  if port_open "$KAFKA_BOOTSTRAP_SERVERS"; then
    echo "a broker this script did not start answers on $KAFKA_BOOTSTRAP_SERVERS: stop it to check a secured block"
    return 1
  fi
  "$ROOT/scripts/start-broker.sh" --secure >/dev/null
  started=1
}

stop_secure_broker() {
  "$ROOT/scripts/stop-broker.sh" >/dev/null 2>&1 || true
  started=0
}

# Split the README into numbered block files; a skip or secure marker right before a block becomes its .skip or
# .secure file.
awk -v dir="$work" '
  /^[[:space:]]*<!-- readme-check: skip/ { reason = $0; sub(/^[[:space:]]*<!-- readme-check: skip */, "", reason); sub(/ *-->.*$/, "", reason); next }
  /^[[:space:]]*<!-- readme-check: secure *-->/ { secure = 1; next }
  /^[[:space:]]*```bash[[:space:]]*$/ { n++; file = sprintf("%s/block-%02d.sh", dir, n); inblock = 1;
                            if (reason != "") { print reason > (file ".skip"); close(file ".skip") }
                            if (secure) { print "" > (file ".secure"); close(file ".secure") }
                            reason = ""; secure = 0; next }
  /^[[:space:]]*```/ && inblock { inblock = 0; close(file); next }
  inblock { print > file; next }
  /[^[:space:]]/ { reason = ""; secure = 0 }
' "$readme"

ran=0 skipped=0 failed=0
for block in "$work"/block-*.sh; do
  name="$(basename "$block" .sh)"
  first="$(grep -m1 -v '^\s*#' "$block" | cut -c1-90)"
  if [ -f "$block.skip" ]; then
    echo "skip  $name  $first  ($(cat "$block.skip"))"
    skipped=$((skipped + 1))
    continue
  fi
  secure=""
  if [ -f "$block.secure" ]; then
    secure=" (secured broker)"
    ensure_secure_broker >"$work/$name.out" 2>&1 || { echo "FAIL  $name  $first  ($(tail -1 "$work/$name.out"))"; failed=$((failed + 1)); continue; }
  else
    ensure_broker
  fi
  if (cd "$ROOT" && bash -euo pipefail "$block") >>"$work/$name.out" 2>&1; then
    echo "ok    $name  $first$secure"
    ran=$((ran + 1))
  else
    echo "FAIL  $name  $first  (output: $work/$name.out)"
    tail -15 "$work/$name.out" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
  if [ -n "$secure" ]; then stop_secure_broker; fi
done
echo "README blocks: $ran ran, $skipped skipped, $failed failed"
[ "$failed" = 0 ]
