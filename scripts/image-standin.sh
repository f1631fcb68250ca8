#!/usr/bin/env bash
# Prepares Podman to build and run our Dockerfile where no Docker engine and no container registry
# exist (CI, the development VMs), and makes a local stand-in for the base image node:22-bookworm-slim:
# Debian bookworm minbase (debootstrap from Debian's archive) + this machine's Node.js and npm +
# user node (uid 1000) + the official image's entrypoint, imported as localhost/node-standin:bookworm.
# Run as root. Everything lives under $IMAGE_WORK_DIR; scripts/image-test.sh calls this.
#
#   bash scripts/image-standin.sh                 # prepare (idempotent; ~70 s the first time)
#   FRESH=1 bash scripts/image-standin.sh         # start over
#   source <(bash scripts/image-standin.sh --env) # the CONTAINERS_* variables podman needs
#
# What this needs, found on the VMs: runc (crun refuses their mixed cgroup v1/v2 layout), ulimits no
# higher than the hard nofile limit (root cannot raise it), no systemd (health checks do not run on
# a timer: `podman healthcheck run NAME` runs one), and the machine's extra CA certificates trusted
# inside the stand-in so that `npm ci` in the build reaches the registry through a TLS proxy.
# Differences from the official image: Node is this machine's (20.x, not 22), and the base is ~245 MB.
set -euo pipefail

# On disk, not in a tmpfs /tmp: the build's layers take ~2 GB.
W=${IMAGE_WORK_DIR:-/var/tmp/mail-session-image}
STANDIN=localhost/node-standin:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_BIN=${NODE_BIN:-$(readlink -f "$(command -v node)")}
NPM_DIR=${NPM_DIR:-$(dirname "$NODE_BIN")/../lib/node_modules/npm}
# podman, and what it needs here that --no-install-recommends leaves out.
PACKAGES=(podman runc debootstrap uidmap fuse-overlayfs slirp4netns)

env_lines() {
  echo "export CONTAINERS_CONF=$W/conf/containers.conf CONTAINERS_STORAGE_CONF=$W/conf/storage.conf CONTAINERS_REGISTRIES_CONF=$W/conf/registries.conf TMPDIR=$W/tmp"
}
if [[ ${1:-} = --env ]]; then
  env_lines
  exit 0
fi
say() { printf '==> %s\n' "$*"; }
[[ $(id -u) -eq 0 ]] || {
  echo "image-standin.sh: run as root (debootstrap and podman's storage under $W need it)" >&2
  exit 2
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=900 -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends install "${missing[@]}"
fi

mkdir -p "$W"/{conf,storage,run,tmp}
cat >"$W/conf/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$W/storage/graph"
runroot = "$W/run/storage"
EOF
cat >"$W/conf/containers.conf" <<EOF
[containers]
netns = "host"
# The VMs cap RLIMIT_NOFILE below podman's default (1048576) and root lacks CAP_SYS_RESOURCE.
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$W/run/events.log"
tmp_dir = "$W/run/libpod"
static_dir = "$W/storage/graph/libpod"
volume_path = "$W/storage/graph/volumes"
image_copy_tmp_dir = "$W/tmp"
# crun refuses cgroup v1+v2 "hybrid" mode with a controller on v2; runc accepts it.
runtime = "runc"
[network]
network_config_dir = "$W/conf/networks"
EOF
cat >"$W/conf/registries.conf" <<'EOF'
# No container registry is reachable or wanted: every image is local.
unqualified-search-registries = []
[[registry]]
location = "docker.io"
blocked = true
EOF
eval "$(env_lines)"

pm() { podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
if [[ ${FRESH:-0} = 1 ]]; then
  pm system reset --force >/dev/null 2>&1 || true
  rm -rf "$W/rootfs" "$W/rootfs.done" "$W/storage" "$W/run"
  mkdir -p "$W"/{storage,run,tmp}
fi

if ! pm image exists "$STANDIN"; then
  R=$W/rootfs
  if [[ ! -f $W/rootfs.done ]]; then
    say "debootstrap bookworm minbase into $R"
    rm -rf "$R"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$R" "$MIRROR" >"$W/debootstrap.log" 2>&1 || {
      tail -20 "$W/debootstrap.log" >&2
      exit 1
    }
    say "adding Node $("$NODE_BIN" -v), npm and user node (uid 1000)"
    install -D -m 755 "$NODE_BIN" "$R/usr/local/bin/node"
    mkdir -p "$R/usr/local/lib/node_modules" "$R/usr/local/etc"
    cp -a "$(readlink -f "$NPM_DIR")" "$R/usr/local/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/local/bin/npx"
    cat >"$R/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
# As in the official node image: prepend node when the first argument is an option or not a command.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
    chmod 755 "$R/usr/local/bin/docker-entrypoint.sh"
    # Stand-in only: trust this machine's extra CAs (npm traffic may pass a TLS-intercepting proxy).
    if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
      cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/"
      env -u TMPDIR chroot "$R" update-ca-certificates >/dev/null
      echo 'cafile=/etc/ssl/certs/ca-certificates.crt' >"$R/usr/local/etc/npmrc"
    fi
    # And the machine's npm registry when it is not the public one (a mirror).
    registry=$(npm config get registry 2>/dev/null || true)
    if [[ -n $registry && $registry != https://registry.npmjs.org/ ]]; then
      echo "registry=$registry" >>"$R/usr/local/etc/npmrc"
    fi
    env -u TMPDIR chroot "$R" groupadd --gid 1000 node
    env -u TMPDIR chroot "$R" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
    rm -rf "$R/var/cache/apt/archives/"*.deb "$R/var/lib/apt/lists/"* "$R/root/.npm"
    touch "$W/rootfs.done"
  fi
  say "importing $STANDIN"
  tar -C "$R" -c . | pm import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$("$R/usr/local/bin/node" -v | tr -d v)" \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["node"]' - "$STANDIN" >/dev/null
fi
say "ready: $STANDIN"
