#!/usr/bin/env bash
# Runs every ```bash block of README.md (indented ones inside lists too), in order, from the repo root, so the
# README cannot promise a command that fails. A block preceded by a line <!-- readme-check: skip REASON --> is
# listed but not run (Docker, a secured cluster, the test suite itself). A local broker is started first when
# nothing answers on $KAFKA_BOOTSTRAP_SERVERS, and again before each block if a block stopped it; the script stops
# what it started.
# Usage: scripts/check-readme.sh [README]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

readme="${1:-$ROOT/README.md}"
work="$ROOT/target/readme-check"
rm -rf "$work" && mkdir -p "$work"
started=0

cleanup() {
  local rc=$?
  if [ "$started" = 1 ]; then "$ROOT/scripts/stop-broker.sh" >/dev/null 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_built
ensure_broker() {
  if ! port_open "$KAFKA_BOOTSTRAP_SERVERS"; then
    "$ROOT/scripts/start-broker.sh" >/dev/null
    started=1
  fi
}

# Split the README into numbered block files; a skip marker right before a block becomes its .skip file.
awk -v dir="$work" '
  /^[[:space:]]*<!-- readme-check: skip/ { reason = $0; sub(/^[[:space:]]*<!-- readme-check: skip */, "", reason); sub(/ *-->.*$/, "", reason); next }
  /^[[:space:]]*```bash[[:space:]]*$/ { n++; file = sprintf("%s/block-%02d.sh", dir, n); inblock = 1;
                            if (reason != "") { print reason > (file ".skip"); close(file ".skip") } reason = ""; next }
  /^[[:space:]]*```/ && inblock { inblock = 0; close(file); next }
  inblock { print > file; next }
  /[^[:space:]]/ { reason = "" }
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
  ensure_broker
  if (cd "$ROOT" && bash -euo pipefail "$block") >"$work/$name.out" 2>&1; then
    echo "ok    $name  $first"
    ran=$((ran + 1))
  else
    echo "FAIL  $name  $first  (output: $work/$name.out)"
    tail -15 "$work/$name.out" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
done
echo "README blocks: $ran ran, $skipped skipped, $failed failed"
[ "$failed" = 0 ]
