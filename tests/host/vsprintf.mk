# vsnprintf against the C library's, and %pS through a stand-in symbol table
# (the test wraps ksym_lookup, since the host shim already defines one).
HOST_TESTS += vsprintf
host_vsprintf_SRCS := tests/host/test_vsprintf.c kernel/lib/vsprintf.c
$(BUILD)/host/vsprintf: HOST_CFLAGS += -Wl,--wrap=ksym_lookup
