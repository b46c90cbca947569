#!/usr/bin/env bash
# Start/stop a throwaway PostgreSQL server on loopback for tests and local replicas.
#
#   scripts/postgres.sh start   # installs Debian's postgresql if missing, starts, prints the SQLAlchemy URL
#   scripts/postgres.sh url     # prints the URL of the running server
#   scripts/postgres.sh stop    # stops the server (data kept; `purge` also removes it)
#
# Idempotent: `start` on a running server only prints its URL. The cluster lives in $KILOVOLT_PG_DIR
# (default /tmp/kilovolt-pg), owned by the `postgres` OS user when run as root. TCP on 127.0.0.1 only,
# on $KILOVOLT_PG_PORT or a free port chosen at first start; the unix socket stays inside the data dir.
# The role `kilovolt` (password `kilovolt`, CREATEDB so tests can make scratch databases) owns db `kilovolt`.
set -euo pipefail

PG_DIR="${KILOVOLT_PG_DIR:-/tmp/kilovolt-pg}"
DATA="$PG_DIR/data"
SOCKET_DIR="$PG_DIR/socket"
LOG="$PG_DIR/server.log"
DB_USER="kilovolt"
DB_PASSWORD="kilovolt"
DB_NAME="kilovolt"

log() { printf '[postgres] %s\n' "$*" >&2; }

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  local initdb
  initdb=$(command -v initdb || true)
  [ -n "$initdb" ] && dirname "$(readlink -f "$initdb")"
}

ensure_installed() {
  if [ -n "$(pg_bin_dir)" ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then log "PostgreSQL is not installed and this is not root"; exit 1; fi
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  # Debian's package may start its own cluster on 5432; it is not ours to use, leave it alone.
}

# Run a command as the cluster owner (postgres when root, else the current user).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port() { cat "$PG_DIR/port"; }

url() { echo "postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$(port)/$DB_NAME"; }

is_running() {
  local bin
  bin=$(pg_bin_dir)
  [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

psql_owner() {
  as_owner "$(pg_bin_dir)/psql" -h "$SOCKET_DIR" -p "$(port)" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

start() {
  ensure_installed
  local bin
  bin=$(pg_bin_dir)
  if is_running; then
    log "already running on 127.0.0.1:$(port)"
    url
    return 0
  fi
  mkdir -p "$PG_DIR" "$SOCKET_DIR"
  [ -f "$PG_DIR/port" ] || echo "${KILOVOLT_PG_PORT:-$(free_port)}" >"$PG_DIR/port"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$PG_DIR"; fi
  chmod 700 "$PG_DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initialising a cluster in $DATA"
    as_owner "$bin/initdb" -D "$DATA" --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting on 127.0.0.1:$(port)"
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $(port) -c unix_socket_directories=$SOCKET_DIR" start >&2
  if [ "$(psql_owner -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    psql_owner -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  fi
  if [ "$(psql_owner -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    psql_owner -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi
  url
}

stop() {
  if is_running; then
    as_owner "$(pg_bin_dir)/pg_ctl" -D "$DATA" -m fast -w stop >&2
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) is_running && url || { log "not running"; exit 1; } ;;
  status) is_running && log "running on 127.0.0.1:$(port)" || { log "not running"; exit 3; } ;;
  purge) stop; rm -rf "$PG_DIR"; log "removed $PG_DIR" ;;
  *) echo "usage: $0 start|stop|url|status|purge" >&2; exit 2 ;;
esac
