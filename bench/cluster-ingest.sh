#!/usr/bin/env bash
# Flyt ingest on PostgreSQL with one hub node, then with two nodes sharing one database (SPEC 4.7):
# a PostgreSQL server from the embedded binaries the tests use, nodes from target/orderhub.jar
# (the README's JVM flags each), wrk posting new orders (with two nodes, half the connections to each).
# Checks that every 200 is one stored order, from the nodes' own metrics. On a 2-core machine the
# nodes, PostgreSQL and wrk share the same cores: the two-node figure shows the work is shared
# correctly, not how separate machines scale. Prints name=value lines.
# Usage: bench/cluster-ingest.sh [connections=32] [seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}
seconds=${2:-30}
source bench/wrk-and-jar.sh
work=$(mktemp -d)
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath" > /dev/null
export FLYT_TOKEN=bench-flyt-token-0123456789
pgport=15432
pids=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
java -cp "$(cat "$work/classpath")" bench/PostgresServer.java $pgport one_node two_nodes > "$work/postgres.log" 2>&1 &
pids+=($!)
until grep -qs '^ready' "$work/postgres.log"; do kill -0 "${pids[0]}" || { cat "$work/postgres.log"; exit 1; }; sleep 0.5; done

node() { # name port database
  java $HUB_JVM_FLAGS -Dcamel.server.port="$2" -Dorderhub.data-dir="$work/$1" \
       -Dorderhub.db.url="jdbc:postgresql://127.0.0.1:$pgport/$3" -Dorderhub.db.user=postgres -Dorderhub.db.password=postgres \
       -Dorderhub.flyt.token=$FLYT_TOKEN -Dorderhub.api-keys=bench-api-key-0123456789 -Dorderhub.admin-keys=bench-admin-key-0123456789 \
       -jar target/orderhub.jar > "$work/$1.log" 2>&1 &
  pids+=($!)
  watch_rss $! "$work/$1.rss"
  until curl -sf -o /dev/null "http://127.0.0.1:$2/observe/health"; do sleep 0.2; done
}
load() { # seconds connections prefix port [--latency]
  BENCH_PREFIX="$3" wrk -t1 -c"$2" -d"$1s" ${5:-} -s bench/flyt-order.lua "http://127.0.0.1:$4/flyt/orders"
}
created() { # port: orders this node created, from its metrics
  curl -sf -H "Authorization: Bearer bench-admin-key-0123456789" "http://127.0.0.1:$1/observe/metrics" \
    | awk '/^orderhub_orders_received_total\{outcome="created",source="flyt"\}/ {printf "%d", $2}'
}
answered() { # wrk-outputs...: requests answered 200, warm-up included
  awk '/requests in/ {n += $1} /Non-2xx/ {n -= $NF} END {printf "%d", n}' "$@"
}
report() { # name wrk-outputs...
  local name=$1; shift
  awk -v n="$name" '
    /Requests\/sec/ {rps += $2}
    / 99%/ {p99 = p99 " " $2}
    /requests in/ {total += $1}
    /Non-2xx/ {bad += $NF}
    END {printf "%s_orders_per_second=%d\n%s_p99=%s\n%s_requests=%d\n%s_non_2xx=%d\n", n, rps, n, substr(p99, 2), n, total, n, bad}' "$@"
}

node one 18081 one_node
load 10 "$connections" W1 18081 > "$work/one-warmup.wrk"
load "$seconds" "$connections" M1 18081 --latency > "$work/one.wrk"
report one_node "$work/one.wrk"
echo "one_node_answered_200=$(answered "$work"/one*.wrk)"
echo "one_node_orders_stored=$(created 18081)"
kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true

node two-a 18082 two_nodes
node two-b 18083 two_nodes
half=$((connections / 2))
load 10 "$half" W2A 18082 > "$work/two-a-warmup.wrk" & other=$!; load 10 "$half" W2B 18083 > "$work/two-b-warmup.wrk"; wait $other
load "$seconds" "$half" M2A 18082 --latency > "$work/two-a.wrk" & other=$!
load "$seconds" "$half" M2B 18083 --latency > "$work/two-b.wrk"; wait $other
report two_nodes "$work/two-a.wrk" "$work/two-b.wrk"
echo "two_nodes_answered_200=$(answered "$work"/two*.wrk)"
echo "two_nodes_orders_stored=$(( $(created 18082) + $(created 18083) ))"
echo "cluster_hub_errors_logged=$(cat "$work"/one.log "$work"/two-*.log | grep -c ' ERROR ' || true)"
echo "cluster_rss_max_mb=$(cat "$work"/*.rss | sort -n | tail -1)"
