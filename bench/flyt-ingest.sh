#!/usr/bin/env bash
# Load benchmark of POST /flyt/orders: a fresh hub (H2 file, the README's JVM flags) on a free port, wrk at a fixed
# concurrency posting new orders, heap sampled with jstat. Prints name=value lines.
# Usage: bench/flyt-ingest.sh [connections=32] [seconds=30]; extra hub flags: HUB_EXTRA_FLAGS="-Dorderhub.db.fsync=true"
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}
seconds=${2:-30}
source bench/wrk-and-jar.sh
work=$(mktemp -d)
port=18080
export FLYT_TOKEN=bench-flyt-token-0123456789
java $HUB_JVM_FLAGS ${HUB_EXTRA_FLAGS:-} -Dcamel.server.port=$port -Dorderhub.data-dir="$work/data" -Dorderhub.flyt.token=$FLYT_TOKEN \
     -Dorderhub.api-keys=bench-api-key-0123456789 -Dorderhub.admin-keys=bench-admin-key-0123456789 -jar target/orderhub.jar > "$work/hub.log" 2>&1 &
hub=$!
watch_rss $hub "$work/rss"
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/observe/health"; do sleep 0.2; done
# warm-up, then the measured run
wrk -t2 -c"$connections" -d10s -s bench/flyt-order.lua "http://127.0.0.1:$port/flyt/orders" > "$work/warmup"
( while kill -0 $hub 2>/dev/null; do jstat -gc $hub | awk 'NR==2 {print ($3+$4+$6+$8)/1024}'; sleep 1; done ) > "$work/heap" 2>/dev/null &
sampler=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/flyt-order.lua "http://127.0.0.1:$port/flyt/orders" > "$work/wrk"
kill $sampler 2>/dev/null || true
grep -A5 "non-200 answers" "$work/wrk" || true
awk -v c="$connections" '
  /Requests\/sec/ {printf "flyt_orders_per_second=%d\n", $2}
  / 50%/ {print "flyt_p50=" $2}
  / 99%/ {print "flyt_p99=" $2}
  /Non-2xx/ {print "flyt_non_2xx=" $NF}
  END {print "flyt_connections=" c}' "$work/wrk"
grep -q "Non-2xx" "$work/wrk" || echo "flyt_non_2xx=0"
sort -n "$work/heap" | tail -1 | awk '{printf "flyt_heap_used_max_mb=%d\n", $1}'
orders=$(cat "$work/warmup" "$work/wrk" | awk '/requests in/ {n += $1} END {print n}')
echo "flyt_orders_stored=$orders"
echo "flyt_disk_bytes_per_order=$(( $(du -sb "$work/data" | cut -f1) / orders ))"
echo "flyt_rss_max_mb=$(cat "$work/rss")"
echo "flyt_hub_errors_logged=$(grep -c ' ERROR ' "$work/hub.log" || true)"
mkdir -p target && cp "$work/hub.log" target/bench-flyt-hub.log
