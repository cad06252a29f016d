# CPU masks as Linux prints them: hex with padding and commas, and lists of ranges.
HOST_TESTS += bitmap
host_bitmap_SRCS := tests/host/test_bitmap.c kernel/lib/bitmap.c
