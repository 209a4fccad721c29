#!/usr/bin/env bash
# Smoke test of the real Docker Compose stack, from a clean clone, with no registry but Debian's
# mirror and npm: installs docker.io, docker-compose and debootstrap if missing, starts dockerd if
# none runs, builds the base images (skipped when present), builds the project's images, brings the
# stack up with the demo profile, submits a request over HTTP, waits for its acknowledgement in the
# mail catcher, tears everything down (volumes included). Prints the duration of each phase.
#
# CI: one line in .ci/run:   deploy/smoke/compose-smoke.sh
# Env: GUICHET_SMOKE_KEEP=1 keeps the stack up for inspection; GUICHET_SMOKE_TIMEOUT (s, default 180)
#      bounds the wait for a healthy stack and for the acknowledgement.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$(date +%s)
phase_start=$t0
phase() {
  local now
  now=$(date +%s)
  printf '[smoke] %-28s %4ss\n' "$1" "$((now - phase_start))"
  phase_start=$now
}
timeout_s="${GUICHET_SMOKE_TIMEOUT:-180}"

# --- 1. tools --------------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  (dockerd >/var/log/guichet-smoke-dockerd.log 2>&1 &)
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/guichet-smoke-dockerd.log >&2; exit 1; }
fi
if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
phase "tools and dockerd"

# --- 2. images -------------------------------------------------------------------------------------
deploy/base/build-base.sh
phase "base images"
work="$(mktemp -d /tmp/guichet-smoke.XXXXXX)"
export COMPOSE_PROJECT_NAME="guichet-smoke-$$"
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export INTAKE_PUBLISHED_PORT="$(free_port)" WEB_PUBLISHED_PORT="$(free_port)" \
  MAILCATCHER_PUBLISHED_PORT="$(free_port)" POSTGRES_PUBLISHED_PORT="$(free_port)"
password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
identity="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
match_key="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
# The image runs in production mode, which refuses the example file's placeholder secrets.
sed -e "s/change-me-postgres-password/$password/" -e "s/^GUICHET_IDENTITY_SECRET=.*/GUICHET_IDENTITY_SECRET=$identity/" \
  -e "s/^REPORTING_MATCH_KEY=.*/REPORTING_MATCH_KEY=$match_key/" \
  deploy/env/guichet.env.example >"$work/guichet.env"
sed -e "s/change-me-postgres-password/$password/" deploy/env/postgres.env.example >"$work/postgres.env"
export GUICHET_ENV_FILE="$work/guichet.env" GUICHET_POSTGRES_ENV_FILE="$work/postgres.env"
dc() { "${compose[@]}" --profile demo "$@"; }
cleanup() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "[smoke] failed; service states and last logs:" >&2
    dc ps >&2 || true
    dc logs --tail=40 >&2 || true
  fi
  if [[ "${GUICHET_SMOKE_KEEP:-}" != 1 ]]; then dc down -v --remove-orphans >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  printf '[smoke] %s in %ss\n' "$([[ $rc -eq 0 ]] && echo passed || echo FAILED)" "$(($(date +%s) - t0))"
}
trap cleanup EXIT
dc build
phase "project images"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^guichet/' | sed 's/^/[smoke] image /'

# --- 3. stack --------------------------------------------------------------------------------------
up_start=$(date +%s)
dc up -d
healthy() {
  local id state
  for service in postgres nats intake routing notification reporting appointments web mailcatcher; do
    id="$(dc ps -q "$service")"
    [[ -n "$id" ]] || return 1
    state="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")"
    [[ "$state" == healthy ]] || return 1
  done
  # The one-shot migration must have succeeded.
  [[ "$(docker inspect -f '{{.State.ExitCode}}' "$(dc ps -q migrate)")" == 0 ]]
}
deadline=$(($(date +%s) + timeout_s))
until healthy; do
  if (($(date +%s) > deadline)); then echo "[smoke] stack not healthy after ${timeout_s}s" >&2; exit 1; fi
  sleep 2
done
echo "[smoke] up to healthy in $(($(date +%s) - up_start))s"
phase "stack up and healthy"

# --- 4. a request, its acknowledgement ---------------------------------------------------------
response="$(curl -fsS -X POST "http://127.0.0.1:$INTAKE_PUBLISHED_PORT/api/requests" -H 'content-type: application/json' \
  -d '{"subjectId":"voirie.chaussee","title":"Nid de poule","body":"Nid de poule rue des Lilas (test de fumée)","citizen":{"name":"Jeanne Martin","email":"jeanne@example.org","preferredChannel":"email"}}')"
reference="$(printf '%s' "$response" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).reference))')"
echo "[smoke] submitted $reference"
curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PUBLISHED_PORT/healthz"
deadline=$(($(date +%s) + timeout_s))
until curl -fsS "http://127.0.0.1:$MAILCATCHER_PUBLISHED_PORT/api/messages" |
  REF="$reference" node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);process.exit(m.some(x=>x.subject.includes(process.env.REF)&&/réception/.test(x.subject))?0:1)})'; do
  if (($(date +%s) > deadline)); then echo "[smoke] no acknowledgement for $reference" >&2; exit 1; fi
  sleep 1
done
echo "[smoke] acknowledgement of receipt for $reference in the mail catcher"
phase "request acknowledged"
