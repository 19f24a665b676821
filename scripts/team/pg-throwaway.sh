#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests: `start DIR PORT` or `stop DIR`.
# Debian's PostgreSQL refuses to run as root, so as root it runs as the postgres user;
# DIR is created for that user. Listens on 127.0.0.1 only, trust auth (tests only); fsync off
# unless PG_FSYNC=on (the benchmark measures commits as production pays for them).
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=$1
dir=$2
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
case "$cmd" in
  start)
    port=$3
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_pg "$BIN/initdb -D '$dir' -A trust -U postgres >/dev/null"
    as_pg "$BIN/pg_ctl -D '$dir' -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off}\" -l '$dir.log' -w start >/dev/null"
    ;;
  stop)
    as_pg "$BIN/pg_ctl -D '$dir' -m fast -w stop >/dev/null" || true
    rm -rf "$dir" "$dir.log"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
