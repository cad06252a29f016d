HOST_TESTS += lockdep_graph
host_lockdep_graph_SRCS := tests/host/test_lockdep_graph.c kernel/lockdep_graph.c
