#!/usr/bin/env bash
# One poller run importing N orders (default 10,000, pages of 100) from a fake partner API on 127.0.0.1.
# Usage: bench/poller-import.sh [orders]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
java -cp target/orderhub.jar:target/test-classes bench/PollerImport.java "${1:-10000}" 2>&1 | grep -E '^[a-z_]+='
