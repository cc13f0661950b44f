#!/usr/bin/env bash
# The machine's ceiling for the hub's hot paths (issue 15): bench/Ceiling.java, a bare Vert.x + Jackson
# handler on the hub's database settings, loaded exactly like the hub's benchmarks — the Flyt sample posted
# by wrk with fresh references (bench/flyt-order.lua) on a fresh database, then tracking-style lookups
# (bench/lookup.lua) over the lookup benchmark's database of N orders; with the README's JVM flags, like the
# hub's benchmarks, so its start-up, disk per order and highest RSS are the bar for the hub's too.
# Prints name=value lines.
# Usage: bench/ceiling.sh [connections=32] [seconds=30] [lookup orders=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}
seconds=${2:-30}
orders=${3:-1000000}
source bench/wrk-and-jar.sh
work=$(mktemp -d)
port=18085
probe=
trap '[ -n "$probe" ] && { kill $probe 2>/dev/null; wait $probe 2>/dev/null || true; }; rm -rf "$work"' EXIT
# compiled once, so its start-up is not a compile (the hub's jar is compiled too)
javac -nowarn -cp target/orderhub.jar -d "$work/classes" bench/Ceiling.java
start() { # data directory
  java $HUB_JVM_FLAGS -cp "target/orderhub.jar:$work/classes" Ceiling $port "$1" > "$work/probe.log" 2>&1 &
  probe=$!
  watch_rss $probe "$work/rss-$(basename "$1")"
  until grep -q ceiling_listening "$work/probe.log" 2>/dev/null; do
    kill -0 $probe 2>/dev/null || { cat "$work/probe.log" >&2; exit 1; }
    sleep 0.2
  done
}
stop() { kill $probe 2>/dev/null; wait $probe 2>/dev/null || true; probe=; }

export FLYT_TOKEN=unused-by-the-probe BENCH_PREFIX=C
start "$work/data"
wrk -t2 -c"$connections" -d10s -s bench/flyt-order.lua "http://127.0.0.1:$port/flyt/orders" > "$work/warmup"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/flyt-order.lua "http://127.0.0.1:$port/flyt/orders" > "$work/wrk"
awk '/Requests\/sec/ {printf "ceiling_flyt_orders_per_second=%d\n", $2} / 99%/ {print "ceiling_flyt_p99=" $2}
     /Non-2xx/ {print "ceiling_flyt_non_2xx=" $NF}' "$work/wrk"
# as bench/flyt-ingest.sh counts it: the data directory while running, over every order posted
posted=$(cat "$work/warmup" "$work/wrk" | awk '/requests in/ {n += $1} END {print n}')
echo "ceiling_disk_bytes_per_order=$(( $(du -sb "$work/data" | cut -f1) / posted ))"
stop

data=target/bench-lookup-$orders
if [ -f "$data/.complete" ]; then
  export API_KEY=unused-by-the-probe CUSTOMERS=$((orders / 5))
  started=$(date +%s%N)
  start "$data"
  until curl -sf -o /dev/null "http://127.0.0.1:$port/orders?email=customer7%40example.com"; do sleep 0.02; done
  echo "ceiling_startup_to_first_answer_ms=$(( ($(date +%s%N) - started) / 1000000 ))"
  wrk -t2 -c"$connections" -d10s -s bench/lookup.lua "http://127.0.0.1:$port" > /dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/lookup.lua "http://127.0.0.1:$port" > "$work/wrk"
  awk '/Requests\/sec/ {printf "ceiling_lookup_per_second=%d\n", $2} / 99%/ {print "ceiling_lookup_p99=" $2}
       /Non-2xx/ {print "ceiling_lookup_non_2xx=" $NF}' "$work/wrk"
  stop
  echo "ceiling_rss_max_mb=$(cat "$work"/rss-* | sort -n | tail -1)"
else
  echo "ceiling_lookup=skipped (run bench/lookup.sh $orders first)"
fi
