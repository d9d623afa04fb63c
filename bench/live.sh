#!/usr/bin/env bash
# API calls of a live scan: starts a moto server on a free 127.0.0.1 port, creates N resources
# of each kind and scans them (crates/aws/examples/api_calls.rs). Usage: bench/live.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
MOTO="${MOTO_SERVER:-.venv/bin/moto_server}"
[ -x "$MOTO" ] || { echo "moto_server not found: run scripts/test.sh once, or set MOTO_SERVER" >&2; exit 2; }
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$MOTO" -H 127.0.0.1 -p "$PORT" >/dev/null 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break
  sleep 0.1
done
# The dev profile: the scan waits on moto, not on our code; a release build of the SDK costs
# 20 minutes.
MOTO_ENDPOINT="http://127.0.0.1:$PORT" cargo run -q -p driftguard-aws --example api_calls -- "$N"
