#!/usr/bin/env bash
# Builds the Docker image with buildah, without a Docker daemon:  scripts/build-image.sh [TAG]
#
# The Dockerfile starts FROM node:20-bookworm-slim. Where no container registry is reachable, this script first
# makes that base image locally: a minimal Debian bookworm root (debootstrap, from the Debian mirror apt uses) with
# this machine's Node.js and npm copied in and the unprivileged `node` user (uid 1000) that the official image has.
# Where the registry is reachable and the image is already present, that step is skipped.
#
# Needs: buildah, debootstrap (Debian: apt-get install -y buildah debootstrap), root, and Node.js 20 on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG="${1:-comment-moderation:latest}"
BASE="node:20-bookworm-slim"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

for cmd in buildah debootstrap node; do
  command -v "$cmd" >/dev/null || { echo "build-image: $cmd not found (Debian: apt-get install -y buildah debootstrap)" >&2; exit 2; }
done
case "$(node --version)" in v20.*) ;; *) echo "build-image: the local base image needs Node.js 20 on this machine (found $(node --version))" >&2; exit 2 ;; esac

if ! buildah inspect --type image "$BASE" >/dev/null 2>&1 && ! buildah inspect --type image "localhost/$BASE" >/dev/null 2>&1; then
  echo "build-image: making the base image $BASE locally (debootstrap bookworm + this machine's node $(node --version))"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -5 "$work/debootstrap.log" >&2; exit 1; }
  node_bin="$(readlink -f "$(command -v node)")"
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" /usr/sbin/groupadd --gid 1000 node
  chroot "$rootfs" /usr/sbin/useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
  ctr="$(buildah from scratch)"
  mnt="$(buildah mount "$ctr")"
  cp -a "$rootfs/." "$mnt/"
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env NODE_VERSION="$(node --version | tr -d v)" --cmd node "$ctr"
  buildah commit --quiet "$ctr" "localhost/$BASE" >/dev/null
  buildah rm "$ctr" >/dev/null
fi

# Behind a TLS-inspecting proxy, npm inside the build needs this machine's CA bundle: mount it for the RUN steps
# and point Node at it (the Dockerfile declares NODE_EXTRA_CA_CERTS as a build argument; nothing of it is kept).
extra=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  extra+=(--volume "$NODE_EXTRA_CA_CERTS:/run/build-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca.crt)
fi

echo "build-image: building $TAG from the Dockerfile"
buildah bud --isolation chroot --format docker --layers "${extra[@]}" -t "$TAG" -f Dockerfile .
echo "build-image: done: $(buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$TAG")"
