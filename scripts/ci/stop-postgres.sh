#!/usr/bin/env bash
set -u
state="$1"
[ -f "$state/postgres.dir" ] || exit 0
dir=$(cat "$state/postgres.dir")
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop); else "$bin/pg_ctl" -D "$dir/data" -m fast stop; fi
rm -rf "$dir" "$state/postgres.dir"
