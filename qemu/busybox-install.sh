#!/bin/sh
# Put Debian's busybox-static for arm64 (downloaded once by tests/fetch-deb.sh)
# into the initramfs tree ROOT: /bin/busybox, and a symbolic link for each
# applet where `busybox --list-full` says it lives (/bin/sh, /usr/bin/top,
# /sbin/init, /linuxrc ...). The list comes from the binary itself, run by
# qemu-aarch64 (or directly on an AArch64 host). A link never replaces a
# program already in ROOT: ln refuses, and so does this script.
# Exits 1 with the reason on standard error when BusyBox cannot be had.
# Usage: qemu/busybox-install.sh ROOT
set -eu

root=${1:?usage: busybox-install.sh ROOT}
here=$(cd "$(dirname "$0")/.." && pwd)
run=qemu-aarch64
[ "$(uname -m)" = aarch64 ] && run=""
if [ -n "$run" ] && ! command -v "$run" >/dev/null 2>&1; then
	echo "qemu-aarch64 (package qemu-user) is missing to list the applets" >&2
	exit 1
fi
if ! bb=$("$here/tests/fetch-deb.sh" busybox-static 2>/dev/null) || [ ! -x "$bb/bin/busybox" ]; then
	echo "busybox-static for arm64 could not be downloaded (tests/fetch-deb.sh busybox-static)" >&2
	exit 1
fi
applets=$($run "$bb/bin/busybox" --list-full)
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin"
cp "$bb/bin/busybox" "$root/bin/busybox"
for applet in $applets; do
	[ "$applet" = bin/busybox ] && continue
	ln -s /bin/busybox "$root/$applet"
done
