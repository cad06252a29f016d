HOST_TESTS += vmalloc
host_vmalloc_SRCS := tests/host/test_vmalloc.c mm/vmalloc.c mm/vmap_area.c mm/pgtable.c \
	mm/page_alloc.c kernel/lib/rbtree.c
