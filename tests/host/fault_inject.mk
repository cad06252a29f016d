# Fault injection's rules, and SLUB and the buddy allocator under injection.
HOST_TESTS += fault_inject
host_fault_inject_SRCS := tests/host/test_fault_inject.c mm/slub.c mm/slab_common.c mm/page_alloc.c
