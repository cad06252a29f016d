HOST_TESTS += overcommit
host_overcommit_SRCS := tests/host/test_overcommit.c mm/overcommit.c mm/page_alloc.c
