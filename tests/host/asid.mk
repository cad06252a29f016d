# The ASID allocator's generations: rollover, reserved ASIDs, one flush per CPU.
HOST_TESTS += asid
host_asid_SRCS := tests/host/test_asid.c arch/arm64/mm/context.c
