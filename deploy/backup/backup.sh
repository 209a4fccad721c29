#!/usr/bin/env bash
# Backs up Guichet: PostgreSQL (pg_dump custom format: every schema of the Guichet database —
# intake, routing, notification, reporting and any a later service adds) and the JetStream stream
# (every message, through the JetStream API: deploy/backup/jetstream.mjs).
#
# Usage: deploy/backup/backup.sh [DIR]     (default ./backups/guichet-<UTC timestamp>)
# Env:   DATABASE_URL (required), NATS_URL (default nats://127.0.0.1:4222), GUICHET_NAMESPACE (default guichet)
# Needs: pg_dump (client >= server major version), node with the repository's node_modules.
#
# Order: PostgreSQL first, then the stream. Every event the dumped state produced is then in the
# stream (an outbox row relayed in between is published again after a restore and de-duplicated by
# the consumers' inboxes). For a point-in-time copy with no request in flight, stop intake first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${DATABASE_URL:?DATABASE_URL must be set}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export GUICHET_NAMESPACE="${GUICHET_NAMESPACE:-guichet}"
dir="${1:-./backups/guichet-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$dir/jetstream"
# libpq does not know the Prisma-style ?schema= parameter some URLs carry.
db_url="$(printf '%s' "$DATABASE_URL" | sed -E 's/[?&]schema=[^&]*//')"

start=$(date +%s)
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$dir/postgres.dump" "$db_url"
node "$here/jetstream.mjs" export "$dir/jetstream"
{
  echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "namespace=$GUICHET_NAMESPACE"
  echo "postgres_server=$(psql "$db_url" -Atc 'SHOW server_version' 2>/dev/null || echo unknown)"
  echo "schemas=$(pg_restore --list "$dir/postgres.dump" | awk '$4 == "SCHEMA" {print $6}' | sort -u | paste -sd, -)"
} >"$dir/MANIFEST"
(cd "$dir" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
echo "backup written to $dir in $(($(date +%s) - start)) s"
