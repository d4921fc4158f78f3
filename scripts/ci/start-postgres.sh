#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1:55432 (trust auth) for the store contract tests.
# The cluster lives under /tmp (the postgres user cannot enter a checkout in a private folder).
set -euo pipefail
state="$1"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=55432
as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
if ! "$bin/pg_isready" -h 127.0.0.1 -p $port -q 2>/dev/null; then
  dir=$(mktemp -d /tmp/gateway-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  echo "$dir" > "$state/postgres.dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null
fi
echo "export GATEWAY_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true'"
