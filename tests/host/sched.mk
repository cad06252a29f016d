# The scheduler's policy and balancing decisions, without CPUs or locks.
HOST_TESTS += sched_fair sched_balance
host_sched_fair_SRCS := tests/host/test_sched_fair.c kernel/sched_fair.c kernel/lib/rbtree.c
host_sched_balance_SRCS := tests/host/test_sched_balance.c kernel/sched_balance.c
