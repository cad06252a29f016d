# tkern: a teaching kernel for AArch64 on QEMU's virt machine.
# `make help` lists the targets; README.md explains them.

.DEFAULT_GOAL := all
BUILD := build

# ---------------------------------------------------------------- host tests
# The algorithms of mm/ compiled for the host, with ASan and UBSan, over an
# arena that stands in for RAM. Each tests/host/*.mk adds one test program:
#   HOST_TESTS += NAME
#   host_NAME_SRCS := tests/host/test_NAME.c mm/....c
HOSTCC ?= cc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -pthread \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Itests/host/include -Iarch/arm64/include -I.
HOST_COMMON := tests/host/htest.c tests/host/shim.c kernel/seq_buf.c
HOST_TESTS :=
include $(sort $(wildcard tests/host/*.mk))

HOST_BINS := $(addprefix $(BUILD)/host/,$(HOST_TESTS))

.SECONDEXPANSION:
$(BUILD)/host/%: $$(host_$$*_SRCS) $(HOST_COMMON) $(wildcard tests/host/*.h) | $(BUILD)/host
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host:
	mkdir -p $@

.PHONY: host-tests host-test
host-tests: $(HOST_BINS)

# Run every host test program; each prints TAP.
host-test: host-tests
	@status=0; for t in $(HOST_TESTS); do $(BUILD)/host/$$t $$t || status=1; done; exit $$status
