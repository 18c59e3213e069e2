#!/usr/bin/env bash
# Builds a Redis image from the redis-server binary installed on this machine, for machines without an image
# registry. The image holds only redis-server (redis-sentinel is the same binary), redis-cli, the libraries
# `ldd` lists and the dynamic loader: FROM scratch, so it builds in about a second and needs nothing pulled.
#
#   npm run images:local                 # builds redis-ha-lab/redis:local
#   IMAGE=my/redis:tag npm run images:local
#   export REDIS_HA_LAB_IMAGE=redis-ha-lab/redis:local   # the CLI's default image from then on
set -euo pipefail

image="${IMAGE:-redis-ha-lab/redis:local}"
server="$(command -v redis-server || true)"
cli="$(command -v redis-cli || true)"
if [ -z "$server" ] || [ -z "$cli" ]; then
  echo "images:local needs redis-server and redis-cli on PATH (Debian: apt-get install -y redis-server redis-tools)" >&2
  exit 2
fi
if ! docker info >/dev/null 2>&1; then
  echo "images:local needs a running Docker daemon (docker info failed); start it with 'dockerd &' or 'systemctl start docker'" >&2
  exit 3
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT

copy_with_libs() {
  local bin="$1"
  mkdir -p "$context/rootfs$(dirname "$bin")"
  cp -L "$bin" "$context/rootfs$bin"
  # Every absolute path ldd prints: the libraries and the loader itself.
  ldd "$bin" | grep -oE '/[^ )]+' | while read -r lib; do
    mkdir -p "$context/rootfs$(dirname "$lib")"
    cp -L "$lib" "$context/rootfs$lib"
  done
}

copy_with_libs "$server"
copy_with_libs "$cli"
ln -sf redis-server "$context/rootfs/usr/bin/redis-sentinel"
ln -sf redis-server "$context/rootfs/usr/bin/redis-check-rdb"
# Redis writes temporary files in its dir, but some paths still expect /tmp to exist.
mkdir -p "$context/rootfs/tmp" "$context/rootfs/data"
chmod 1777 "$context/rootfs/tmp"

version="$("$server" --version | sed -E 's/.*v=([^ ]+).*/\1/')"
cat > "$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
WORKDIR /data
EXPOSE 6379 26379
LABEL io.redis-ha-lab.image="local" io.redis-ha-lab.redis-version="$version"
CMD ["/usr/bin/redis-server"]
DOCKERFILE

if ! out="$(docker build --quiet -t "$image" "$context" 2>&1)"; then echo "$out" >&2; exit 1; fi
echo "built $image (redis $version from $server)"
