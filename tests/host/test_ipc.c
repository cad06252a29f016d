/*
 * The System V IPC identifier table (kernel/ipc/util.c): identifiers
 * come out as Linux 6.1's do (cyclic indexes within a window of 64 or
 * in_use * 3 / 2 slots, the sequence number moving on at each wrap), stale
 * identifiers name nothing, keys are found, limits hold. Booted over the
 * slab allocator for the table's growth; every test frees what it made.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel/errno.h>
#include <kernel/smp.h>
#include <kernel/ipc/util.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "htest.h"
#include "shim.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (64UL << 20)
#define MANY 200

/* An IPI stand-in for slab flushing, as in test_slub.c; weak so a shared one wins. */
__attribute__((weak)) void on_each_cpu(void (*func)(void *info), void *info)
{
	unsigned int self = host_cpu_id;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		host_cpu_id = cpu;
		func(info);
	}
	host_cpu_id = self;
}

static struct kern_ipc_perm objects[MANY];

static void start(struct ipc_ids *ids)
{
	static bool booted;

	if (!booted) {
		setenv("HOST_TEST_QUIET", "1", 0);
		page_alloc_init(host_arena_create(RAM_SIZE, RAM_BASE), NULL, 0);
		kmem_cache_init();
		booted = true;
	}
	ipc_init_ids(ids);
	memset(objects, 0, sizeof(objects));
}

static void finish(struct ipc_ids *ids)
{
	kfree(ids->entries);
}

/* Add objects[i] with key; its identifier. */
static int add(struct ipc_ids *ids, int i, int key)
{
	objects[i].key = key;
	CHECK(ipc_addid(ids, &objects[i], 4096) >= 0);
	return objects[i].id;
}

HTEST(identifiers_count_up_from_zero)
{
	struct ipc_ids ids;

	start(&ids);
	CHECK_EQ(ipc_get_maxidx(&ids), -1);
	CHECK_EQ(add(&ids, 0, 10), 0);
	CHECK_EQ(add(&ids, 1, 11), 1);
	CHECK_EQ(add(&ids, 2, 12), 2);
	CHECK_EQ(ids.in_use, 3);
	CHECK_EQ(ipc_get_maxidx(&ids), 2);
	CHECK(ipc_findkey(&ids, 11) == &objects[1]);
	CHECK(ipc_findkey(&ids, 13) == NULL);
	CHECK(ipc_obtain_object_check(&ids, 2) == &objects[2]);
	CHECK(ipc_obtain_object_idr(&ids, 1) == &objects[1]);
	finish(&ids);
}

/* A freed index is given again only after the cycle comes round, with a new sequence. */
HTEST(freed_index_waits_for_the_cycle)
{
	struct ipc_ids ids;
	int i;

	start(&ids);
	for (i = 0; i < 3; i++)
		add(&ids, i, 0);
	ipc_rmid(&ids, &objects[1]);
	CHECK(ipc_obtain_object_check(&ids, 1) == NULL);
	CHECK_EQ(add(&ids, 3, 0), 3);		/* not 1 */
	ipc_rmid(&ids, &objects[0]);
	ipc_rmid(&ids, &objects[2]);
	ipc_rmid(&ids, &objects[3]);
	/* Few objects: the window is 64 slots; each new one takes the next index. */
	for (i = 4; i < 64; i++) {
		CHECK_EQ(add(&ids, i, 0), i);
		ipc_rmid(&ids, &objects[i]);
	}
	/* Wrapped: index 0 again, the sequence number moved on. */
	CHECK_EQ(add(&ids, 64, 0), IPCMNI + 0);
	CHECK_EQ(add(&ids, 65, 0), IPCMNI + 1);
	CHECK(ipc_obtain_object_check(&ids, 0) == NULL);	/* the stale identifier */
	CHECK(ipc_obtain_object_check(&ids, IPCMNI) == &objects[64]);
	CHECK(ipc_obtain_object_idr(&ids, 0) == &objects[64]);
	CHECK_EQ(ipc_get_maxidx(&ids), 1);
	finish(&ids);
}

/* With more objects the window widens to in_use * 3 / 2. */
HTEST(window_widens_with_the_objects)
{
	struct ipc_ids ids;
	int i;

	start(&ids);
	for (i = 0; i < MANY; i++)
		CHECK_EQ(add(&ids, i, 0), i);
	CHECK_EQ(ipc_get_maxidx(&ids), MANY - 1);
	ipc_rmid(&ids, &objects[MANY - 1]);
	ipc_rmid(&ids, &objects[MANY - 2]);
	CHECK_EQ(ipc_get_maxidx(&ids), MANY - 3);
	ipc_rmid(&ids, &objects[5]);
	CHECK_EQ(add(&ids, MANY - 1, 0), MANY);	/* after the last given */
	finish(&ids);
}

HTEST(limit_and_full_window_refuse)
{
	struct ipc_ids ids;
	struct kern_ipc_perm extra = { 0 };

	start(&ids);
	add(&ids, 0, 0);
	add(&ids, 1, 0);
	CHECK_EQ(ipc_addid(&ids, &extra, 2), -ENOSPC);
	CHECK_EQ(ids.in_use, 2);
	CHECK_EQ(ipc_addid(&ids, &extra, 3), 2);
	finish(&ids);
}
