/*
 * The init of Linux's allocator benchmark run: load /lib/tkern_bench.ko
 * (tests/bench/linux/tkern_bench.c), whose init function runs the
 * benchmarks and prints their lines on the console, then exit, which ends
 * the boot (panic=-1 reboots, and QEMU runs with -no-reboot). Only ever
 * run on Linux: tkern has no modules.
 */
#include "kmod.h"

int main(void)
{
	return load_module("/lib/tkern_bench.ko") ? 1 : 0;
}
