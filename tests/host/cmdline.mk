# Boot command line splitting: options, quotes, init's arguments, limits.
HOST_TESTS += cmdline
host_cmdline_SRCS := tests/host/test_cmdline.c kernel/cmdline.c kernel/string.c
