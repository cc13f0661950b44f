#!/usr/bin/env bash
# Start-up and footprint of the hub as the README runs it (java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar target/orderhub.jar):
# time from launch to the first answered tracking request with an existing database, heap and RSS at
# idle, and the highest RSS and heap while bench/flyt-order.lua posts orders for 20 s.
# Usage: bench/footprint.sh [JVM flags, default -Xmx256m]
set -euo pipefail
[ $# -gt 0 ] || set -- -Xmx256m -XX:+ExitOnOutOfMemoryError
cd "$(dirname "$0")/.."
source bench/wrk-and-jar.sh
work=$(mktemp -d)
port=18084
export FLYT_TOKEN=bench-flyt-token-0123456789
run_hub() {
  java "$@" -Dcamel.server.port=$port -Dorderhub.data-dir="$work/data" -Dorderhub.flyt.token=$FLYT_TOKEN \
       -Dorderhub.api-keys=bench-api-key-0123456789 -Dorderhub.admin-keys=bench-admin-key-0123456789 -jar target/orderhub.jar >> "$work/hub.log" 2>&1 &
  hub=$!
}
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true; rm -rf "$work"' EXIT
answered() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer bench-api-key-0123456789' \
  "http://127.0.0.1:$port/orders?phone=7910575785")" = 200 ]; }
# first start creates the database; stop; the measured start opens it
run_hub "$@"; until answered; do sleep 0.1; done; kill $hub; wait $hub || true
started=$(date +%s%N)
run_hub "$@"
until answered; do sleep 0.02; done
echo "startup_to_first_answer_ms=$(( ($(date +%s%N) - started) / 1000000 ))"
sleep 10
heap() { jcmd $hub GC.heap_info 2>/dev/null | awk '/used/ && /total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print int(v/1024); exit}}'; }
echo "idle_rss_mb=$(( $(ps -o rss= -p $hub) / 1024 ))"
echo "idle_heap_used_mb=$(heap)"
( max_rss=0; max_heap=0
  while kill -0 $hub 2>/dev/null; do
    r=$(( $(ps -o rss= -p $hub) / 1024 )); h=$(heap); h=${h:-0}
    [ $r -gt $max_rss ] && max_rss=$r; [ $h -gt $max_heap ] && max_heap=$h
    echo "$max_rss $max_heap" > "$work/max"; sleep 1
  done ) &
sampler=$!
wrk -t2 -c32 -d20s -s bench/flyt-order.lua "http://127.0.0.1:$port/flyt/orders" > "$work/wrk"
kill $sampler 2>/dev/null || true
read -r max_rss max_heap < "$work/max"
echo "load_orders_per_second=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk")"
echo "load_rss_max_mb=$max_rss"
echo "load_heap_used_max_mb=$max_heap"
