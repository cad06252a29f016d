HOST_TESTS += vmap_area
host_vmap_area_SRCS := tests/host/test_vmap_area.c tests/host/rbcheck.c mm/vmap_area.c kernel/lib/rbtree.c
