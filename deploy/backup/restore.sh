#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database and a NATS server without the stream.
#
# Usage: deploy/backup/restore.sh DIR [--force-stream]
# Env:   DATABASE_URL (target database, must exist and be empty: createdb first), NATS_URL,
#        GUICHET_NAMESPACE (as in the backup unless you mean to move it), NATS_REPLICAS (default: as saved)
#
# Then start the services (no migration needed: the dump holds the migration history, and
# `guichet migrate` afterwards applies only what a newer version adds). Services recreate their
# durable consumers, which redeliver the stream from the start; the restored inboxes skip what was
# already processed, so no citizen receives an acknowledgement twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:?usage: restore.sh DIR [--force-stream]}"
force=""
[[ "${2:-}" == "--force-stream" ]] && force="--force"
: "${DATABASE_URL:?DATABASE_URL must be set (an empty database)}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export GUICHET_NAMESPACE="${GUICHET_NAMESPACE:-guichet}"
db_url="$(printf '%s' "$DATABASE_URL" | sed -E 's/[?&]schema=[^&]*//')"

(cd "$dir" && sha256sum --quiet -c SHA256SUMS) || { echo "backup $dir is corrupt (SHA256SUMS)" >&2; exit 1; }
tables="$(psql "$db_url" -Atc "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog','information_schema')")"
if [[ "$tables" != "0" ]]; then
  echo "target database is not empty ($tables tables): restore into a fresh database" >&2
  exit 1
fi
start=$(date +%s)
pg_restore --exit-on-error --no-owner --no-privileges --single-transaction --dbname="$db_url" "$dir/postgres.dump"
replicas=()
[[ -n "${NATS_REPLICAS:-}" ]] && replicas=(--replicas "$NATS_REPLICAS")
node "$here/jetstream.mjs" import "$dir/jetstream" ${force:+"$force"} "${replicas[@]}"
echo "restored $dir in $(($(date +%s) - start)) s"
