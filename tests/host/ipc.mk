# System V IPC identifiers: cyclic indexes, sequence numbers, keys, limits.
HOST_TESTS += ipc
host_ipc_SRCS := tests/host/test_ipc.c kernel/ipc/util.c mm/slub.c mm/slab_common.c mm/page_alloc.c
