#!/bin/sh
# Check that the tools `make run` and `make test` need are installed; on
# Debian or Ubuntu, install what is missing with apt-get (through sudo when
# not root), saying what it installs. Also refuse a QEMU older than we
# support, in one clear line, rather than let it hang or fail obscurely.
#
# Usage: qemu/ensure-tools.sh run|test|bench (bench: the host benchmark's
# peer allocator, mimalloc, alone)
set -eu

OLDEST_QEMU=6.2
# mkswap lives in /sbin, which a user's PATH may leave out.
PATH="$PATH:/sbin:/usr/sbin"

install_missing() {
	[ -n "$missing" ] || return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "error: missing packages:$missing (install them; this script knows only apt-get)" >&2
		exit 1
	fi
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "Installing:$missing"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

# The host slab benchmark's peer (tests/bench/host_slub_bench.c loads it).
if [ "${1:-run}" = bench ]; then
	missing=""
	[ -f /usr/include/mimalloc.h ] || missing=libmimalloc-dev
	install_missing
	exit 0
fi

# command package, for every use
need="qemu-system-aarch64:qemu-system-arm python3:python3"
if [ "$(uname -m)" != aarch64 ]; then
	need="$need aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu"
else
	need="$need gcc:gcc"
fi
need="$need make:make cc:gcc cpio:cpio gzip:gzip mkswap:util-linux"
# qemu-aarch64 runs BusyBox once at build time to list its applets.
[ "$(uname -m)" = aarch64 ] || need="$need qemu-aarch64:qemu-user"
if [ "${1:-run}" = test ]; then
	need="$need gdb-multiarch:gdb-multiarch mkimage:u-boot-tools dtc:device-tree-compiler"
	need="$need qemu-aarch64:qemu-user clang:clang ld.lld:lld"
	# The scheduler's load test squeezes QEMU onto one host core with it.
	need="$need taskset:util-linux"
fi

missing=""
for pair in $need; do
	cmd=${pair%%:*}
	pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
# Files rather than commands: the C library that user programs link
# statically (only a Recommends of the cross compiler), and U-Boot for QEMU.
if [ "$(uname -m)" != aarch64 ] && [ ! -f /usr/aarch64-linux-gnu/lib/libc.a ]; then
	missing="$missing libc6-dev-arm64-cross"
fi
if [ "${1:-run}" = test ] && [ ! -f /usr/lib/u-boot/qemu_arm64/u-boot.bin ]; then
	missing="$missing u-boot-qemu"
fi
# zlib for the host test of the kernel's inflate (tests/host/test_inflate.c).
if [ "${1:-run}" = test ] && [ ! -f /usr/include/zlib.h ]; then
	missing="$missing zlib1g-dev"
fi

install_missing

version=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
if [ -z "$version" ] || [ "$(printf '%s\n%s\n' "$OLDEST_QEMU" "$version" | sort -V | head -n1)" != "$OLDEST_QEMU" ]; then
	echo "error: qemu-system-aarch64 ${version:-of unknown version} is older than $OLDEST_QEMU, the oldest this kernel supports" >&2
	exit 1
fi
