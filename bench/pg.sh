#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for T6 on loopback (default settings, fsync on), as the tests make one.
#
#   bench/pg.sh start [PORT]   initdb + pg_ctl start in /tmp/huddle-bench-pg-PORT; creates database huddle_bench
#                              and prints the connection string for --server-env ConnectionStrings__Huddle=...
#   bench/pg.sh reset [PORT]   drops and recreates huddle_bench (a fresh database per run)
#   bench/pg.sh stop [PORT]    stops the cluster and deletes its folder
set -euo pipefail
cmd="${1:-}"; port="${2:-55432}"
dir="/tmp/huddle-bench-pg-$port"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { PGOPTIONS='-c client_min_messages=warning' "$bin/psql" -h 127.0.0.1 -p "$port" -U huddle -d postgres -qAt -c "$1"; }
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    [ -d "$dir/data" ] || as_pg "$bin/initdb" -D "$dir/data" -U huddle -A trust -E UTF8 --no-sync >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
    psql_ "DROP DATABASE IF EXISTS huddle_bench WITH (FORCE)"; psql_ "CREATE DATABASE huddle_bench"
    echo "Host=127.0.0.1;Port=$port;Username=huddle;Database=huddle_bench" ;;
  reset)
    psql_ "DROP DATABASE IF EXISTS huddle_bench WITH (FORCE)"; psql_ "CREATE DATABASE huddle_bench" ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir" ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
