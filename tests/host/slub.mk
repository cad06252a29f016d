HOST_TESTS += slub
host_slub_SRCS := tests/host/test_slub.c mm/slub.c mm/slab_common.c mm/page_alloc.c
