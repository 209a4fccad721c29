#!/bin/sh
# Initialises the cluster on first start (user, password, database), then runs PostgreSQL in the
# foreground. The password comes from POSTGRES_PASSWORD_FILE (a Docker secret) or POSTGRES_PASSWORD.
set -eu
user="${POSTGRES_USER:-guichet}"
db="${POSTGRES_DB:-guichet}"
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then password="$(cat "$POSTGRES_PASSWORD_FILE")"; else password="${POSTGRES_PASSWORD:-}"; fi
if [ -z "$password" ]; then echo "POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set" >&2; exit 1; fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\n' "$password" >"$pwfile"
  initdb --username=postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "host all all ::/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -U postgres -d postgres -v user="$user" -v password="$password" -v db="$db" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL initialised: database $db, owner $user"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c jit=off -c max_connections="${POSTGRES_MAX_CONNECTIONS:-200}"
