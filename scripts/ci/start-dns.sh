#!/usr/bin/env bash
# Starts dnsmasq as a local DNS server on 127.0.0.1 for the SIP RFC 3263 tests (SRV, A/AAAA).
# It never forwards: --no-resolv, no /etc/hosts, and it is authoritative for the reserved .test domain
# (RFC 6761), so unknown names get NXDOMAIN and no query leaves the machine.
#
# Usage: start-dns.sh DIR [RECORDS_FILE]
#   RECORDS_FILE holds dnsmasq lines (srv-host=..., host-record=...); without it a demo set is used.
# Prints export lines: GATEWAY_TEST_DNS (127.0.0.1:PORT) and GATEWAY_TEST_DNS_PID (kill it when done).
# GATEWAY_DNS_PORT fixes the port; otherwise a free high port is chosen.
set -euo pipefail
dir=${1:?usage: start-dns.sh DIR [RECORDS_FILE]}
records=${2:-}
mkdir -p "$dir"
bin=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
[ -x "$bin" ] || { echo "dnsmasq not found (Debian package dnsmasq-base)" >&2; exit 1; }

conf="$dir/dnsmasq.conf"
{
  echo "no-resolv"
  echo "no-hosts"
  echo "no-poll"
  echo "bind-interfaces"
  echo "listen-address=127.0.0.1"
  echo "local=/test/"
  echo "cache-size=0"
  if [ -n "$records" ]; then
    cat "$records"
  else
    echo "srv-host=_sip._udp.trunk.test,sip1.trunk.test,5060,10,100"
    echo "host-record=sip1.trunk.test,127.0.0.1"
  fi
} > "$conf"

for attempt in $(seq 1 20); do
  port=${GATEWAY_DNS_PORT:-$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))}
  nohup "$bin" --keep-in-foreground --conf-file="$conf" --port="$port" --log-facility=- >"$dir/dnsmasq.log" 2>&1 &
  pid=$!
  sleep 0.3
  if kill -0 "$pid" 2>/dev/null; then
    echo "export GATEWAY_TEST_DNS=127.0.0.1:$port"
    echo "export GATEWAY_TEST_DNS_PID=$pid"
    exit 0
  fi
  [ -n "${GATEWAY_DNS_PORT:-}" ] && break
done
echo "dnsmasq did not start:" >&2
cat "$dir/dnsmasq.log" >&2
exit 1
