#!/usr/bin/env bash
# The image's base, built from Debian packages with no Docker engine and no registry: Debian
# bookworm (debootstrap --variant=minbase) with the tools the agent shells out to (iptables with both
# the legacy and the nft backend, ip, conntrack) and a Java runtime made by jlink from the JDK that
# runs this script. Written as a `docker save` tarball (manifest.json, config, one gzipped layer)
# that Jib reads as `tar://` base; docs/image.md describes it.
#
#   image/build-base.sh AGENT_JAR OUT_TAR
#
# AGENT_JAR (the shaded agent jar) gives jdeps the modules the runtime needs. OUT_TAR becomes a
# symlink to the cached base under ~/.cache/node-local-dns/, keyed by a hash of this script, the
# package list, the modules and `java -version`: a rebuild with nothing changed takes seconds.
# A cold build needs root and debootstrap (apt-get install debootstrap) and takes about a minute.
set -euo pipefail

# What the agent runs (modes/.../node): iptables{,-legacy,-nft}{,-save,-restore}, ip6tables*, ip;
# conntrack is there for people debugging a node from the agent's container.
PACKAGES=(iptables iproute2 conntrack)
SUITE=bookworm
JAVA_DIR=/opt/java
# Env of the base image, inherited by Jib's image: java on PATH for the entrypoint; C.UTF-8 is built
# into glibc, and without it the JVM would encode file names as ASCII.
IMAGE_PATH=$JAVA_DIR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
IMAGE_ENV=("PATH=$IMAGE_PATH" "JAVA_HOME=$JAVA_DIR" "LANG=C.UTF-8")

# debootstrap and chroot live in sbin, which a non-login shell's PATH may lack
PATH=$PATH:/usr/sbin:/sbin

say() { echo "build-base: $*" >&2; }
die() {
  echo "build-base: error: $*" >&2
  exit 1
}

(($# == 2)) || die "usage: $0 AGENT_JAR OUT_TAR"
agent_jar=$1
out_tar=$2
[[ -f $agent_jar ]] || die "agent jar $agent_jar not found (./mvnw -pl modes -am package builds it)"

# The build's JDK: JAVA_HOME, else the java on PATH.
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
for tool in java jlink jdeps; do
  [[ -x $java_home/bin/$tool ]] || die "$java_home/bin/$tool not found: point JAVA_HOME at a JDK 21+"
done

# Modules: what jdeps finds in the agent jar; jdk.unsupported for Netty's Unsafe access whether or
# not jdeps reports it (it is loaded reflectively on some paths).
feature=$(sed -nE 's/^JAVA_VERSION="([0-9]+).*/\1/p' "$java_home/release")
say "jdeps on $(basename "$agent_jar") (Java $feature)"
modules=$("$java_home/bin/jdeps" --multi-release "$feature" --ignore-missing-deps --print-module-deps \
  "$agent_jar" 2>/dev/null) || die "jdeps failed on $agent_jar"
modules=$(tr ',' '\n' <<<"$modules,jdk.unsupported" | sort -u | paste -sd, -)

arch=$(dpkg --print-architecture)
key=$({
  cat "$0"
  echo "${PACKAGES[*]} $SUITE $arch $modules"
  "$java_home/bin/java" -version 2>&1
} | sha256sum | cut -c1-16)
cache=${HOME}/.cache/node-local-dns
base=$cache/base-$SUITE-$arch-$key.tar

link_out() {
  mkdir -p "$(dirname "$out_tar")"
  ln -sfn "$base" "$out_tar"
  say "base image $base ($(du -h "$base" | cut -f1)) -> $out_tar"
}

if [[ -s $base ]]; then
  say "cached (key $key: this script, packages, modules $modules, java -version)"
  link_out
  exit 0
fi

# Cold build from here on.
((EUID == 0)) || die "building the base image needs root (debootstrap, chroot); run as root, or build without -Pimage"
command -v debootstrap >/dev/null || die "debootstrap not found: apt-get install debootstrap"

# The Debian mirror of this machine's apt sources (one-line or deb822 format), so that a build
# behind a mirror or proxy uses what apt uses; NLD_DEBIAN_MIRROR overrides.
debian_mirror() {
  if [[ -n ${NLD_DEBIAN_MIRROR:-} ]]; then
    echo "$NLD_DEBIAN_MIRROR"
    return
  fi
  local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  local found
  found=$(
    for f in "${files[@]}"; do
      [[ -f $f ]] || continue
      # one-line: deb [options] URI bookworm components
      sed -nE "s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+${SUITE}[[:space:]].*/\2/p" "$f"
      # deb822: a stanza whose Suites has bookworm itself (not bookworm-security), its first URI
      awk -v suite="$SUITE" 'BEGIN { RS = "" }
        { uri = ""; hit = 0
          n = split($0, lines, "\n")
          for (i = 1; i <= n; i++) {
            if (lines[i] ~ /^URIs:/) { split(lines[i], u, /[[:space:]]+/); uri = u[2] }
            if (lines[i] ~ /^Suites:/) { m = split(lines[i], s, /[[:space:]]+/)
              for (j = 2; j <= m; j++) if (s[j] == suite) hit = 1 }
          }
          if (hit && uri != "") print uri }' "$f"
    done | head -1
  )
  echo "${found:-http://deb.debian.org/debian}"
}

mirror=$(debian_mirror)
mkdir -p "$cache/debs"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
started=$SECONDS

say "debootstrap $SUITE minbase ($arch) + ${PACKAGES[*]} from $mirror"
# the .debs stay in $cache/debs, so a rebuild after a change of this script downloads nothing
if ! debootstrap --variant=minbase --arch="$arch" --cache-dir="$cache/debs" \
  --include="$(
    IFS=,
    echo "${PACKAGES[*]}"
  )" \
  "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -20 "$work/debootstrap.log" >&2
  die "debootstrap failed (log above)"
fi

say "jlink $modules"
# No CDS archive: jvm.options turns class data sharing off (it cost more memory than it saved time)
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs$JAVA_DIR" >&2

say "smoke test in a chroot"
# The JVM needs /proc, mounted in a mount namespace
# of the probe's own so that nothing stays mounted
for probe in "java -version" "iptables-legacy -V" "iptables-nft -V" "ip -V" "conntrack -V"; do
  # shellcheck disable=SC2086,SC2016 # the probe is a command line; $1 and $@ are the inner sh's
  if ! out=$(unshare --mount sh -c 'mount -t proc proc "$1/proc" && shift && exec "$@"' sh \
    "$rootfs" env -i "${IMAGE_ENV[@]}" chroot "$rootfs" $probe 2>&1); then
    echo "$out" >&2
    die "'$probe' fails in the new root filesystem"
  fi
done

# ldconfig's aux-cache (inode numbers and times) is the one file that differs between two builds:
# without it, the same packages and JDK give the same layer, byte for byte
say "shrink: apt lists and caches, docs (copyright files stay), man pages, locales, logs"
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
  "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old "$rootfs"/var/cache/ldconfig/aux-cache \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/usr/share/lintian "$rootfs"/usr/share/bash-completion
find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
# A container runtime provides these per container (the DaemonSet gets the node's resolv.conf).
: >"$rootfs/etc/resolv.conf"
: >"$rootfs/etc/hostname"

say "layer tarball"
# Sorted, numeric owners, fixed mtime: the same rootfs gives the same layer. /dev, /proc, /sys, /run
# and /tmp are left empty for the runtime to mount.
tar --create --sort=name --numeric-owner --mtime=@0 \
  --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' --exclude='./tmp/*' \
  -C "$rootfs" -f "$work/layer.tar" .
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -6 "$work/layer.tar"

mkdir "$work/image"
mv "$work/layer.tar.gz" "$work/image/layer.tar.gz"
env_json=$(printf '"%s",' "${IMAGE_ENV[@]}")
cat >"$work/image/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":[${env_json%,}]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"image/build-base.sh: debootstrap $SUITE minbase + ${PACKAGES[*]}; jlink $modules"}]}
EOF
cat >"$work/image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["node-local-dns-base:$key"],"Layers":["layer.tar.gz"]}]
EOF
tar --create --sort=name --mtime=@0 --owner=0 --group=0 -C "$work/image" -f "$work/base.tar" \
  manifest.json config.json layer.tar.gz

# older keys are of no use any more: keep only this one
find "$cache" -maxdepth 1 -name "base-*.tar" ! -path "$base" -delete
mv "$work/base.tar" "$base"
say "built in $((SECONDS - started)) s: rootfs $(du -sh "$rootfs" | cut -f1), of which the Java runtime $(du -sh "$rootfs$JAVA_DIR" | cut -f1)"
link_out
