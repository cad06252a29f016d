#!/bin/sh
# Build the SQLite test: tests/sqlite/sqlite.c linked statically against
# Debian's libsqlite3.a for arm64 (libsqlite3-dev, downloaded once into a
# cache by tests/fetch-deb.sh), then an initramfs that is tkern's own
# (build/initramfs.cpio) with a second newc archive appended holding
# /bin/sqlite; the kernel unpacks both, as Linux does.
# Usage: tests/sqlite/build.sh BUILD-DIR   (makes BUILD-DIR/sqlite and BUILD-DIR/sqlite.cpio)
set -eu

build=${1:?usage: build.sh BUILD-DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$("$here/../fetch-deb.sh" libsqlite3-dev)
CC=${CROSS_COMPILE:-aarch64-linux-gnu-}gcc
# glibc warns that getpwuid and dlopen in a static program need its shared
# libraries at run time; SQLite only calls them for features this test does not use.
$CC -static -O2 -Wall -I"$root/usr/include" "$here/sqlite.c" \
	"$root/usr/lib/aarch64-linux-gnu/libsqlite3.a" -lm -ldl -lpthread \
	-o "$build/sqlite" 2>"$build/sqlite.link-warnings"
stage="$build/sqlite-root"
rm -rf "$stage"
mkdir -p "$stage/bin"
cp "$build/sqlite" "$stage/bin/sqlite"
(cd "$stage" && echo bin/sqlite | cpio -o -H newc -R 0:0 --quiet) > "$build/sqlite-extra.cpio"
cat "$build/initramfs.cpio" "$build/sqlite-extra.cpio" > "$build/sqlite.cpio"
rm -rf "$stage" "$build/sqlite-extra.cpio"
