#!/bin/sh
# Entry point of the Guichet image: the first argument names the process.
set -e
cd /app
what="${1:-help}"
[ $# -gt 0 ] && shift
# For the HEALTHCHECK (deploy/image/healthcheck.mjs): which process, hence which port.
echo "$what" >/tmp/guichet-process 2>/dev/null || true
case "$what" in
  intake | routing | notification | reporting | appointments | web)
    # Sources run through tsx, as in development (docs/adr/0005): exec so signals reach Node.
    exec node --import tsx "services/$what/src/main.ts" "$@" ;;
  mailcatcher)
    exec node --import tsx tools/mailcatcher/src/main.ts "$@" ;;
  migrate)
    exec node tools/cli/bin/guichet.mjs migrate "$@" ;;
  guichet)
    exec node tools/cli/bin/guichet.mjs "$@" ;;
  help | --help)
    echo "usage: intake | routing | notification | reporting | appointments | web | mailcatcher | migrate | guichet <command>"
    exit 0 ;;
  *)
    exec "$what" "$@" ;;
esac
