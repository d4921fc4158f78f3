#!/usr/bin/env bash
set -u
dir="$1/postgres"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop; else "$bin/pg_ctl" -D "$dir/data" -m fast stop; fi
