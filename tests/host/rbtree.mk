HOST_TESTS += rbtree
host_rbtree_SRCS := tests/host/test_rbtree.c tests/host/rbcheck.c kernel/lib/rbtree.c
