# Host benchmark of SLUB against glibc malloc and mimalloc (not a test).
# Include from the top-level Makefile (it needs BUILD and HOSTCC), then
# `make bench-host-slub`. Optimised, without sanitizers. mimalloc is loaded
# at run time: the target installs Debian's libmimalloc-dev where it can
# (apt-get, through sudo when not root) and the bench skips its row when
# the library is still missing.
HOST_SLUB_BENCH := $(BUILD)/bench/host_slub_bench
HOST_SLUB_BENCH_SRCS := tests/bench/host_slub_bench.c mm/slub.c mm/slab_common.c \
	mm/page_alloc.c mm/fault_inject.c tests/host/shim.c kernel/lib/seq_buf.c
HOST_BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -pthread \
	-Itests/host/include -Iarch/arm64/include -I.

$(HOST_SLUB_BENCH): $(HOST_SLUB_BENCH_SRCS) $(wildcard mm/*.h kernel/*.h tests/host/include/asm/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_BENCH_CFLAGS) -o $@ $(HOST_SLUB_BENCH_SRCS) -ldl

.PHONY: bench-host-slub
bench-host-slub: $(HOST_SLUB_BENCH)
	@qemu/ensure-tools.sh bench || echo "libmimalloc-dev not installed: no mimalloc row"
	$(HOST_SLUB_BENCH)
