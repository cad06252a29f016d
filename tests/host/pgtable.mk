HOST_TESTS += pgtable
host_pgtable_SRCS := tests/host/test_pgtable.c mm/pgtable.c
