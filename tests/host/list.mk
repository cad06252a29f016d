HOST_TESTS += list
host_list_SRCS := tests/host/test_list.c
