#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages when absent and starts a throwaway cluster on
# 127.0.0.1:${KEHU_PG_PORT:-54329}. Prints the connection URL on stdout.
set -euo pipefail
port="${KEHU_PG_PORT:-54329}"
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
data="${KEHU_PG_DATA:-/tmp/kehu-ci-pg}"
if runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" stop -m fast >&2 || true
fi
rm -rf "$data"
mkdir -p "$data"
chown postgres "$data"
runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >&2
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
runuser -u postgres -- "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database kehu_test" >&2
echo "postgres://postgres@127.0.0.1:$port/kehu_test"
