#!/usr/bin/env bash
# Gateway's two entry points (see README):
#   ./build.sh demo   install what the demo needs, build, and run a demo campaign against the built-in far end
#   ./build.sh test   install and start every peer the tests use (on 127.0.0.1 only), run all tests,
#                     and print the totals as "N passed, N failed" on the last line
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages: one per line in scripts/ci/packages.txt ("# comments" allowed).
install_packages() {
  local wanted=() missing=()
  mapfile -t wanted < <(grep -v '^\s*#' scripts/ci/packages.txt | awk 'NF{print $1}')
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Every scripts/ci/start-*.sh starts one peer on 127.0.0.1 and prints "export NAME=value" lines for the tests.
start_services() {
  mkdir -p .work/services
  : > .work/services/env.sh
  for s in scripts/ci/start-*.sh; do
    [ -e "$s" ] || continue
    echo "Starting $(basename "$s" .sh | sed 's/^start-//')"
    timeout 180 bash "$s" "$root/.work/services" >> .work/services/env.sh
  done
  # shellcheck disable=SC1091
  source .work/services/env.sh
  # The eight ITU test charts travel with the repository (a copy of shared/testdata/itu).
  export GATEWAY_ITU_CHARTS="$root/tests/testdata/itu"
}

stop_services() {
  for s in scripts/ci/stop-*.sh; do
    [ -e "$s" ] && timeout 60 bash "$s" "$root/.work/services" >/dev/null 2>&1 || true
  done
}

run_tests() {
  install_packages
  start_services
  trap stop_services EXIT
  mkdir -p .work/test-results
  local log=.work/test-results/dotnet-test.log rc=0
  # Microsoft.Testing.Platform runner (global.json); test projects run in parallel; hang guard: 40 minutes.
  timeout 2400 dotnet test --solution Gateway.sln -c Release 2>&1 | tee "$log" || rc=$?
  # The run ends with "Test run summary" and the totals summed over all test projects.
  local summary passed failed
  summary=$(awk '/^Test run summary/{buf=""} {buf=buf"\n"$0} END{print buf}' "$log")
  passed=$(printf '%b' "$summary" | grep -oP '^\s*succeeded:\s*\K\d+' | tail -1)
  failed=$(printf '%b' "$summary" | grep -oP '^\s*failed:\s*\K\d+' | tail -1)
  passed=${passed:-0}; failed=${failed:-0}
  # A build error or a crashed test host leaves no counted failure: count it as one, never as a pass.
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

run_demo() {
  install_packages
  dotnet build src/Gateway/Gateway.csproj -c Release -nologo -v q
  # `gateway demo`: the real service (SQLite in a temporary folder, Calls:Mode=sip) and the built-in far end on
  # 127.0.0.1; a campaign of a generated two-page document to five scripted offices over SIP and T.38.
  dotnet "$root/src/Gateway/bin/Release/net10.0/gateway.dll" demo "$@"
}

case "${1:-}" in
  test) shift; run_tests "$@" ;;
  demo) shift; run_demo "$@" ;;
  *) echo "usage: ./build.sh test | demo" >&2; exit 2 ;;
esac
