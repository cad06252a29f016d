#!/bin/sh
# Print the path of Debian's arm64 Linux kernel Image, the peer `make bench`
# compares tkern with. The first time, download it with apt-get into a cache
# outside the repository (adding the arm64 architecture to dpkg; sudo when
# not root). Later runs reuse the cache.
set -eu

cache="${XDG_CACHE_HOME:-$HOME/.cache}/tkern-linux"
image=$(ls "$cache"/x/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
if [ -n "$image" ]; then
	echo "$image"
	exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq >&2
package=$(apt-cache depends linux-image-arm64:arm64 | awk '/Depends: linux-image-/ { print $2; exit }')
[ -n "$package" ] || { echo "fetch-linux: no linux-image-arm64 package found" >&2; exit 1; }
mkdir -p "$cache"
cd "$cache"
echo "fetch-linux: downloading $package into $cache" >&2
apt-get download "$package" >&2 2>/dev/null || apt-get download "$package" >&2
dpkg-deb -x ./*.deb x
ls "$cache"/x/boot/vmlinuz-* | head -n1
