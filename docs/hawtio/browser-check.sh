#!/usr/bin/env bash
# The real-browser check of what an operator sees in hawtio: starts the packaged hub on a free port with
# its embedded defaults, sends it Flyt orders, starts hawtio 3 (run.sh), and drives Debian's headless
# Chromium through Connect → Camel → flyt-orders → Route Diagram (browser-check.mjs). Screenshots go
# to docs/hawtio/. Needs: mvn package done, `apt-get install chromium`, npm (for puppeteer-core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v chromium >/dev/null || { echo "install Debian's chromium first: apt-get install chromium"; exit 2; }
(cd "$here" && npm install --silent --no-audit --no-fund >/dev/null)

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
hawtio_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
admin="browser-check-admin-$(date +%s%N)"
flyt="browser-check-flyt-$(date +%s%N)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# the shipped partner files too, with the example poller pointed at a closed port: its Kamelet route and
# circuit breaker show in hawtio with counters
cp -r "$root/routes" "$work/"
(cd "$work" && exec java -Xmx256m -XX:+ExitOnOutOfMemoryError -Dcamel.server.port="$port" \
    -Dorderhub.admin-keys="$admin" -Dorderhub.flyt.token="$flyt" -Dpollster.url=http://127.0.0.1:9/orders \
    -Dpollster.api-token=browser-check-token -Dpollster.cron='0/2 * * * * ?' -Dorderhub.poller.backoff=10ms \
    -jar "$root/target/orderhub.jar" > hub.log 2>&1) &
pids+=($!)
HAWTIO_PORT=$hawtio_port "$here/run.sh" > "$work/hawtio.log" 2>&1 &
pids+=($!)
until curl -sf -o /dev/null "http://127.0.0.1:$port/observe/health"; do sleep 0.3; done
for ref in BROWSER-1 BROWSER-2 BROWSER-3; do
  sed "s/SKIP-12345678/$ref/" "$root/src/test/resources/flyt/collection-by-customer.json" \
    | curl -sf -o /dev/null -H "Authorization: Bearer $flyt" -H "Content-Type: application/json" \
        --data-binary @- "http://127.0.0.1:$port/flyt/orders"
done
until curl -sf -o /dev/null "http://127.0.0.1:$hawtio_port/hawtio/"; do sleep 0.5; done
node "$here/browser-check.mjs" "http://127.0.0.1:$hawtio_port" "$port" "$admin" "$here"
