#!/usr/bin/env bash
# Builds a Redis image from the redis-server binary installed on this machine, for machines without an image
# registry. The image holds only redis-server (redis-sentinel is the same binary), redis-cli, the libraries
# `ldd` lists and the dynamic loader: FROM scratch, so it builds in about a second and needs nothing pulled.
#
# It builds a Node image the same way, from the node binary on PATH (symlinks followed), for running the
# embedded Sentinel engine in a container with the package directory bind-mounted read-only:
#   docker run -v "$PWD:/opt/redis-ha-lab:ro" -v "$dir:/data" redis-ha-lab/node:local \
#     node /opt/redis-ha-lab/bin/redis-ha-lab.js sentinel /data/sentinel.conf
#
#   npm run images:local                 # builds redis-ha-lab/redis:local and redis-ha-lab/node:local
#   npm run images:local -- redis        # only one of them (or: -- node)
#   IMAGE=my/redis:tag NODE_IMAGE=my/node:tag npm run images:local
#   export REDIS_HA_LAB_IMAGE=redis-ha-lab/redis:local   # the CLI's default image from then on
set -euo pipefail

build_redis=1
build_node=1
case "${1:-}" in
  "") ;;
  redis) build_node=0 ;;
  node) build_redis=0 ;;
  *) echo "usage: build-local-image.sh [redis|node]   (no argument: both images)" >&2; exit 2 ;;
esac

image="${IMAGE:-redis-ha-lab/redis:local}"
node_image="${NODE_IMAGE:-redis-ha-lab/node:local}"
server="$(command -v redis-server || true)"
cli="$(command -v redis-cli || true)"
node="$(command -v node || true)"
if [ "$build_redis" = 1 ] && { [ -z "$server" ] || [ -z "$cli" ]; }; then
  echo "images:local needs redis-server and redis-cli on PATH (Debian: apt-get install -y redis-server redis-tools)" >&2
  exit 2
fi
if [ "$build_node" = 1 ] && [ -z "$node" ]; then
  echo "images:local needs node on PATH for the Node image" >&2
  exit 2
fi
if ! docker info >/dev/null 2>&1; then
  echo "images:local needs a running Docker daemon (docker info failed); start it with 'dockerd &' or 'systemctl start docker'" >&2
  exit 3
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT

# copy_with_libs <binary> [<path in the image>]: the binary (symlinks followed) and every absolute path ldd
# prints for it: the libraries and the loader itself. A static binary has none.
copy_with_libs() {
  local bin="$1" dest="${2:-$1}"
  mkdir -p "$context/rootfs$(dirname "$dest")"
  cp -L "$bin" "$context/rootfs$dest"
  ldd "$bin" >/dev/null 2>&1 || return 0
  ldd "$bin" | grep -oE '/[^ )]+' | while read -r lib; do
    mkdir -p "$context/rootfs$(dirname "$lib")"
    cp -L "$lib" "$context/rootfs$lib"
  done
}

build_redis_image() {
  rm -rf "$context/rootfs" "$context/Dockerfile"
  copy_with_libs "$server"
  copy_with_libs "$cli"
  ln -sf redis-server "$context/rootfs/usr/bin/redis-sentinel"
  ln -sf redis-server "$context/rootfs/usr/bin/redis-check-rdb"
  # Redis writes temporary files in its dir, but some paths still expect /tmp to exist.
  mkdir -p "$context/rootfs/tmp" "$context/rootfs/data"
  chmod 1777 "$context/rootfs/tmp"

  local version out
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
}

build_node_image() {
  rm -rf "$context/rootfs" "$context/Dockerfile"
  local real version out
  real="$(readlink -f "$node")"
  copy_with_libs "$real" /usr/bin/node
  # Name resolution needs nothing more: glibc has had its files and dns NSS backends inside libc.so.6 since
  # 2.34, and Docker bind-mounts /etc/hosts, /etc/hostname and /etc/resolv.conf. A passwd/group pair makes
  # os.userInfo() and `--user 65534` work; /tmp is os.tmpdir(); /data is for the sentinel.conf.
  mkdir -p "$context/rootfs/etc" "$context/rootfs/tmp" "$context/rootfs/data"
  chmod 1777 "$context/rootfs/tmp"
  printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' \
    >"$context/rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$context/rootfs/etc/group"

  version="$("$real" --version)"
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin
WORKDIR /data
EXPOSE 26379
LABEL io.redis-ha-lab.image="local" io.redis-ha-lab.node-version="$version"
CMD ["/usr/bin/node"]
DOCKERFILE

  if ! out="$(docker build --quiet -t "$node_image" "$context" 2>&1)"; then echo "$out" >&2; exit 1; fi
  echo "built $node_image (node $version from $real)"
}

if [ "$build_redis" = 1 ]; then build_redis_image; fi
if [ "$build_node" = 1 ]; then build_node_image; fi
