#!/usr/bin/env bash
# Tracking lookups (GET /orders by phone or email) at a fixed concurrency over a database of N orders
# generated straight into H2 by bench/LookupData.java (kept in target/bench-lookup-<N> for the next run).
# Prints name=value lines. Usage: bench/lookup.sh [orders=1000000] [connections=32] [seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1000000}
connections=${2:-32}
seconds=${3:-30}
source bench/wrk-and-jar.sh
data=target/bench-lookup-$orders
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  java -cp target/orderhub.jar bench/LookupData.java "$data" "$orders" $((orders / 5)) 2>/dev/null | grep -E '^[a-z_0-9]+='
  touch "$data/.complete"
fi
work=$(mktemp -d)
port=18083
export API_KEY=bench-api-key-0123456789 CUSTOMERS=$((orders / 5))
started=$(date +%s%N)
java $HUB_JVM_FLAGS -Dcamel.server.port=$port -Dorderhub.data-dir="$data" -Dorderhub.flyt.token=bench-flyt-token-0123456789 \
     -Dorderhub.api-keys=$API_KEY -Dorderhub.admin-keys=bench-admin-key-0123456789 \
     -Dorderhub.tracking.rate-limit=1000000 -Dorderhub.tracking.burst=1000000 \
     -jar target/orderhub.jar > "$work/hub.log" 2>&1 &
hub=$!
watch_rss $hub "$work/rss"
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf -o /dev/null -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$port/orders?email=customer7%40example.com"; do sleep 0.02; done
# launch to the first answered lookup on the existing database (bench/ceiling.sh measures its own the same way)
echo "lookup_startup_to_first_answer_ms=$(( ($(date +%s%N) - started) / 1000000 ))"
one=$(curl -s -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$port/orders?email=customer7%40example.com")
echo "lookup_orders_per_answer=$(echo "$one" | grep -o '"id"' | wc -l)"
wrk -t2 -c"$connections" -d10s -s bench/lookup.lua "http://127.0.0.1:$port" > /dev/null
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/lookup.lua "http://127.0.0.1:$port" > "$work/wrk"
awk '
  /Requests\/sec/ {printf "lookup_per_second=%d\n", $2}
  / 50%/ {print "lookup_p50=" $2}
  / 99%/ {print "lookup_p99=" $2}
  /Non-2xx/ {print "lookup_non_2xx=" $NF}
' "$work/wrk"
grep -q "Non-2xx" "$work/wrk" || echo "lookup_non_2xx=0"
echo "lookup_database_orders=$orders"
echo "lookup_connections=$connections"
echo "lookup_rss_max_mb=$(cat "$work/rss")"
echo "lookup_hub_errors_logged=$(grep -c ' ERROR ' "$work/hub.log" || true)"
