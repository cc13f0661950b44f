#!/usr/bin/env bash
# Flyt orders and signed partner webhooks against one fresh hub, same client, same run, so the two
# figures compare. Prints name=value lines.
# Usage: bench/ingest.sh [connections=32] [seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/wrk-and-jar.sh
work=$(mktemp -d)
port=18082
secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw   # a bench-only secret (the Standard Webhooks spec's example)
java $HUB_JVM_FLAGS -Dcamel.server.port=$port -Dorderhub.data-dir="$work/data" -Dorderhub.flyt.token=bench-flyt-token-0123456789 \
     -Dorderhub.api-keys=bench-api-key-0123456789 -Dorderhub.admin-keys=bench-admin-key-0123456789 -Dacme-eats.webhook-secret=$secret \
     -jar target/orderhub.jar > "$work/hub.log" 2>&1 &
hub=$!
watch_rss $hub "$work/rss"
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/observe/health"; do sleep 0.2; done
java -cp target/orderhub.jar bench/IngestLoad.java $port bench-flyt-token-0123456789 $secret "${1:-32}" "${2:-30}" 2>/dev/null \
  | grep -E '^[a-z_0-9]+='
echo "webhook_ingest_rss_max_mb=$(cat "$work/rss")"
echo "hub_errors_logged=$(grep -c ' ERROR ' "$work/hub.log" || true)"
