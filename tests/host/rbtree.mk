HOST_TESTS += rbtree
host_rbtree_SRCS := tests/host/test_rbtree.c kernel/rbtree.c
