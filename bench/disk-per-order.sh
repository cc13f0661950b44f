#!/usr/bin/env bash
# Bytes on disk per stored order with the durable H2 settings (issue: data directory stays proportionate).
# Usage: bench/disk-per-order.sh [orders] [idle seconds after] [orders per second]
#        (defaults: 100000 orders, no idle wait, as fast as the store goes; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/orderhub.jar ] || mvn -B -q package -DskipTests
java -cp target/orderhub.jar bench/DiskPerOrder.java "${1:-100000}" "${2:-0}" "${3:-0}" 2>&1 | grep -E '^[a-z_]+='
