# Boot command line splitting: options, quotes, init's arguments, limits.
HOST_TESTS += cmdline
host_cmdline_SRCS := tests/host/test_cmdline.c kernel/lib/cmdline.c kernel/lib/string.c
