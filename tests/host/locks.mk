# The byte-range arithmetic of fcntl's record locks (kernel/fs/lock_ranges.c).
HOST_TESTS += locks
host_locks_SRCS := tests/host/test_locks.c kernel/fs/lock_ranges.c
