#!/bin/sh
# Print the path of Debian's arm64 Linux kernel Image, the peer `make bench`
# compares tkern with. The first time, download it with apt-get into a cache
# outside the repository (adding the arm64 architecture to dpkg; sudo when
# not root). Later runs reuse the cache.
#
# `fetch-linux.sh headers` prints instead the directory to build an
# out-of-tree module for that kernel in (make -C DIR M=...), downloading
# the same way the three packages it takes: linux-headers-RELEASE (arm64),
# its -common part (the sources' headers and Makefiles) and linux-kbuild
# for this machine's own architecture, whose fixdep and modpost run here.
set -eu

cache="${XDG_CACHE_HOME:-$HOME/.cache}/tkern-linux"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

prepare_apt() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$sudo dpkg --add-architecture arm64
	fi
	$sudo apt-get update -qq >&2
}

# apt-get warns when its sandbox user cannot write the directory: retry loudly only on failure.
download() {
	apt-get download "$@" >&2 2>/dev/null || apt-get download "$@" >&2
}

fetch_image() {
	prepare_apt
	package=$(apt-cache depends linux-image-arm64:arm64 | awk '/Depends: linux-image-/ { print $2; exit }')
	[ -n "$package" ] || { echo "fetch-linux: no linux-image-arm64 package found" >&2; exit 1; }
	mkdir -p "$cache"
	cd "$cache"
	echo "fetch-linux: downloading $package into $cache" >&2
	download "$package"
	dpkg-deb -x ./*.deb x
}

fetch_headers() {
	release=$1
	dir="$cache/headers"
	version=$(dpkg-deb -f "$cache"/linux-image-"$release"_*.deb Version)
	prepare_apt
	mkdir -p "$dir"
	cd "$dir"
	echo "fetch-linux: downloading the headers of $release $version into $dir" >&2
	download "linux-headers-$release:arm64=$version" \
		"linux-headers-${release%-arm64}-common=$version" \
		"linux-kbuild-$(echo "$release" | cut -d. -f1,2)=$version"
	for deb in ./*.deb; do
		dpkg-deb -x "$deb" x
	done
	# The arm64 part includes the common Makefile by its installed path.
	sed -i "s|^include /usr/src/|include $dir/x/usr/src/|" \
		"x/usr/src/linux-headers-$release/Makefile"
}

image=$(ls "$cache"/x/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
if [ -z "$image" ]; then
	fetch_image
	image=$(ls "$cache"/x/boot/vmlinuz-* | head -n1)
fi
if [ "${1:-}" != headers ]; then
	echo "$image"
	exit 0
fi

release=${image##*/vmlinuz-}
headers="$cache/headers/x/usr/src/linux-headers-$release"
[ -f "$headers/Module.symvers" ] || fetch_headers "$release"
echo "$headers"
