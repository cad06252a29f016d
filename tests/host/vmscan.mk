# The LRU lists and reclaim's choice of victims over the real page
# allocator; the reverse map and the swap layer are played by the test.
HOST_TESTS += vmscan
host_vmscan_SRCS := tests/host/test_vmscan.c mm/vmscan.c mm/lru.c mm/page_alloc.c
