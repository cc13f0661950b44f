#!/usr/bin/env bash
# Bytes on disk per stored order with the durable H2 settings (issue: data directory stays proportionate).
# Usage: bench/disk-per-order.sh [orders]   (default 100000; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/orderhub.jar ] || mvn -B -q package -DskipTests
java -Dlog4j2.level=WARN -cp target/orderhub.jar bench/DiskPerOrder.java "${1:-100000}" 2>&1 | grep -E '^[a-z_]+='
