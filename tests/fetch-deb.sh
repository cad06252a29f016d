#!/bin/sh
# Print the directory where Debian's arm64 package PACKAGE is unpacked,
# downloading it the first time with apt-get into a cache outside the
# repository (~/.cache/tkern-debian/PACKAGE, beside the Linux kernel that
# tests/bench/fetch-linux.sh keeps in ~/.cache/tkern-linux). Adds the arm64
# architecture to dpkg when missing; uses sudo when not root. Real programs
# from the archive (busybox-static, ...) are test inputs: tkern must run
# them as Linux does.
set -eu

package=${1:?usage: fetch-deb.sh PACKAGE}
dir="${XDG_CACHE_HOME:-$HOME/.cache}/tkern-debian/$package"
if [ -f "$dir/.unpacked" ]; then
	echo "$dir/x"
	exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq >&2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
echo "fetch-deb: downloading $package (arm64) into $dir" >&2
# apt-get warns when its sandbox user cannot write the directory: retry loudly only on failure.
apt-get download "$package:arm64" >&2 2>/dev/null || apt-get download "$package:arm64" >&2
dpkg-deb -x ./*.deb x
touch .unpacked
echo "$dir/x"
