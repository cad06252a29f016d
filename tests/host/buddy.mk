HOST_TESTS += buddy
host_buddy_SRCS := tests/host/test_buddy.c mm/page_alloc.c
