#!/usr/bin/env bash
# The benchmark suite, one command: Flyt ingest, signed-webhook ingest, tracking lookups over 1,000,000
# generated orders, a poller import, start-up/footprint, and Flyt ingest on PostgreSQL with one and two
# nodes (cluster-ingest). Prints name=value lines (one per figure);
# the README's "Measured here" table keeps the latest run. Takes about 13 minutes (the first run also
# generates the 1,000,000-order database, ~2 minutes, kept in target/bench-lookup-1000000).
# Usage: bench/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
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
