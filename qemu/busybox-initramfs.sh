#!/bin/sh
# Build OUT, the BusyBox initramfs: Debian's busybox-static for arm64
# (downloaded once by tests/fetch-deb.sh), a link for each of its applets,
# the scripts of tests/busybox/ and the /dev nodes (tests/busybox/mkcpio.py).
# The applet list comes from the binary itself, run by qemu-aarch64.
# Usage: qemu/busybox-initramfs.sh OUT
set -eu

out=${1:?usage: busybox-initramfs.sh OUT}
here=$(dirname "$0")/../tests/busybox
root=$("$here/../fetch-deb.sh" busybox-static)
mkdir -p "$(dirname "$out")"
qemu-aarch64 "$root/bin/busybox" --list > "$out.applets"
python3 "$here/mkcpio.py" "$root/bin/busybox" "$out.applets" "$here"/*.sh > "$out.tmp"
mv "$out.tmp" "$out"
