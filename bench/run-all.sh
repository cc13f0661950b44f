#!/usr/bin/env bash
# The benchmark suite, one command: Flyt ingest, signed-webhook ingest, tracking lookups over 1,000,000
# generated orders, a poller import, start-up/footprint, and Flyt ingest on PostgreSQL with one and two
# nodes (cluster-ingest). Prints name=value lines (one per figure);
# docs/benchmarks.md ("Measured here") keeps the latest run. Takes about 13 minutes (the first run also
# generates the 1,000,000-order database, ~2 minutes, kept in target/bench-lookup-1000000).
# Each hub figure is printed next to the machine's ceiling for the same work in the same run
# (bench/ceiling.sh: a bare Vert.x + Jackson handler on the hub's database settings) as a ratio,
# e.g. flyt_vs_ceiling=0.24: absolute figures drift ±30 % between runs on shared machines, the ratio less.
# Every hub and the ceiling run with the README's JVM flags (HUB_JVM_FLAGS in bench/wrk-and-jar.sh);
# rss_max_mb is the highest resident memory of any hub process through the whole run.
# Usage: bench/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
exec > >(tee "$out")
mvn -B -q package -DskipTests
echo "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
# one figure missing must not hide the others
bash bench/flyt-ingest.sh 32 30 | grep -E '^[a-z_0-9]+=' || echo "flyt_ingest=failed"
bash bench/ingest.sh 32 30 | grep -E '^webhook_[a-z_0-9]+=' || echo "webhook_ingest=failed"
bash bench/lookup.sh 1000000 32 30 || echo "lookup=failed"
bash bench/poller-import.sh 10000 || echo "poller_import=failed"
bash bench/footprint.sh || echo "footprint=failed"
bash bench/cluster-ingest.sh 32 30 || echo "cluster_ingest=failed"
bash bench/ceiling.sh 32 30 1000000 || echo "ceiling=failed"
# every figure of issue 15 next to the ceiling's, from the lines above (hub / ceiling; for throughput
# higher is better, for the others lower is)
awk -F= '{v[$1]=$2}
  function ratio(name, a, b) { if (v[a] > 0 && v[b] > 0) printf "%s=%.2f\n", name, v[a] / v[b] }
  function side(name, a, b) { if (v[a] != "" && v[b] != "") print name "=" v[a] " vs " v[b] }
  END {
    ratio("flyt_vs_ceiling", "flyt_orders_per_second", "ceiling_flyt_orders_per_second")
    ratio("webhook_vs_ceiling", "webhook_orders_per_second", "ceiling_flyt_orders_per_second")
    ratio("lookup_vs_ceiling", "lookup_per_second", "ceiling_lookup_per_second")
    side("lookup_p99_hub_vs_ceiling", "lookup_p99", "ceiling_lookup_p99")
    side("startup_ms_hub_vs_ceiling", "lookup_startup_to_first_answer_ms", "ceiling_startup_to_first_answer_ms")
    n = split("flyt_rss_max_mb webhook_ingest_rss_max_mb lookup_rss_max_mb load_rss_max_mb cluster_rss_max_mb", r, " ")
    for (i = 1; i <= n; i++) if (v[r[i]] > max) max = v[r[i]]
    if (max > 0) { v["rss_max_mb"] = max; print "rss_max_mb=" max }
    side("rss_max_mb_hub_vs_ceiling", "rss_max_mb", "ceiling_rss_max_mb")
    side("disk_bytes_per_order_hub_vs_ceiling", "flyt_disk_bytes_per_order", "ceiling_disk_bytes_per_order")
  }' "$out"
