# kernel/lib/string.c replaces the C library's functions in this test program,
# which compares them with the originals found through dlsym(RTLD_NEXT).
# -fno-builtin keeps the compiler from inlining the calls under test.
HOST_TESTS += string
host_string_SRCS := tests/host/test_string.c kernel/lib/string.c
$(BUILD)/host/string: HOST_CFLAGS += -fno-builtin
