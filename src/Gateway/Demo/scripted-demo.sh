#!/usr/bin/env bash
# The demo until `gateway demo` (with a real SIP fax call to a built-in far end) arrives with the call issue:
# a real `gateway serve` (store, scheduler, dispatcher, API, webhooks) with the SCRIPTED call placer, which
# places no call: per number it waits and reports the configured outcome (docs/configuration.md#calls).
# Usage: scripted-demo.sh <path to gateway.dll>
set -euo pipefail
dll="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
port=18480
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
export Cli__BaseUrl="http://127.0.0.1:$port" Cli__ApiKey="demo-admin-key-$(date +%s)-0123456789"
gw() { dotnet "$dll" "$@"; }

echo "== gateway serve on 127.0.0.1:$port (SQLite in $work, scripted call placer)"
Store__Sqlite__Path="$work/gateway.db" Api__BootstrapAdminKey="$Cli__ApiKey" \
Serilog__WriteTo__1__Args__path="$work/logs/gateway-.log" Serilog__MinimumLevel__Default=Warning \
Dispatcher__MinIntervalPerNumberSeconds=0 Dispatcher__CallsPerSecond=4 \
Calls__Scripted__Rules__0__Match='^\+12125550102$' Calls__Scripted__Rules__0__Outcomes__0=Busy \
Calls__Scripted__Rules__0__Outcomes__1=Succeeded Calls__Scripted__Rules__0__DurationMs=800 \
Calls__Scripted__Rules__1__Match='^\+12125550199$' Calls__Scripted__Rules__1__Outcomes__0=NoReply \
Calls__Scripted__Rules__1__DurationMs=1200 \
Calls__Scripted__Rules__2__Match='.*' Calls__Scripted__Rules__2__Outcomes__0=Succeeded \
Calls__Scripted__Rules__2__DurationMs=1500 Calls__Scripted__Rules__2__Pages=2 \
  dotnet "$dll" serve --urls "$Cli__BaseUrl" > "$work/serve.out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && gw campaign list >/dev/null 2>&1; then break; fi
  sleep 0.5
done

echo "== gateway campaign create (6 offices, windows 00:00-24:00 every day, short retry delays)"
cat > "$work/spec.json" <<JSON
{ "retryPolicy": { "classes": { "busy": { "delaySeconds": 2 }, "noReply": { "delaySeconds": 2 } } } }
JSON
id=$(gw campaign create --name "demo $(date +%H:%M)" --document "$here/demo.pdf" \
  --destinations "$here/destinations.csv" --window "mon-sun 00:00-24:00" --spec "$work/spec.json" \
  --tsi "+1 212 555 0100" --header "Gateway demo" --start | cut -f1)
echo "campaign $id"

echo "== gateway campaign status --watch"
gw campaign status "$id" --watch --interval 1
gw campaign status "$id"

echo "== attempts per fax"
for fax in $(curl -fsS -H "Authorization: Bearer $Cli__ApiKey" "$Cli__BaseUrl/api/v1/campaigns/$id/jobs" | grep -o '"id":"[0-9a-f-]\{36\}","campaignId"' | cut -d'"' -f4); do
  gw fax status "$fax" | sed -n '3p;10,20p'
done

echo "== SIGTERM: graceful stop"
kill -TERM $pid; wait $pid || true
trap - EXIT
echo "Logs (compact JSON, every call line carries CampaignId/JobId/AttemptId): $work/logs/"
echo "This demo used the scripted call placer (no real call). The SIP fax call arrives with the call issue."
