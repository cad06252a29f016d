# The swap-area header parser, on headers the host's mkswap (util-linux)
# wrote under build/host/: a 1 MiB area with a label and a UUID, and one
# with a page size of 64 KiB (mkswap -p), whose signature sits elsewhere.
HOST_TESTS += swap_header
host_swap_header_SRCS := tests/host/test_swap_header.c mm/swap_header.c

$(BUILD)/host/swap-1M.img: tests/host/swap.mk | $(BUILD)/host
	rm -f $@ && truncate -s 1M $@
	$(MKSWAP) -q -L tkern-swap -U 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 $@

$(BUILD)/host/swap-64k.img: tests/host/swap.mk | $(BUILD)/host
	rm -f $@ && truncate -s 1M $@
	$(MKSWAP) -q -p 65536 $@

$(BUILD)/host/swap_header: $(BUILD)/host/swap-1M.img $(BUILD)/host/swap-64k.img
$(BUILD)/host/swap_header: HOST_CFLAGS += -DRAMFS_FIXTURES='"$(BUILD)/host"'

# The slot allocator and the swap-entry layout.
HOST_TESTS += swap_slots
host_swap_slots_SRCS := tests/host/test_swap_slots.c mm/swap_slots.c
