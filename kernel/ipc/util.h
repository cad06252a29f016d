/*
 * System V IPC identifiers (kernel/ipc/util.c), Linux's ipc/util.c
 * without namespaces: a table of objects by index, each with the key it
 * was made for and a sequence number. The identifier user space sees is
 * seq * IPCMNI + index, so a number kept after its object was removed
 * does not name the next object in the same slot. The caller serialises
 * (kernel/ipc/shm.c holds its rwsem); nothing here sleeps but the table's
 * growth (krealloc).
 */
#ifndef KERNEL_IPC_UTIL_H
#define KERNEL_IPC_UTIL_H

#include <kernel/types.h>

#define IPC_PRIVATE 0
#define IPCMNI_SHIFT 15
#define IPCMNI (1 << IPCMNI_SHIFT)	/* indexes: the largest shmmni */
#define IPCID_SEQ_MAX (0x7fffffff >> IPCMNI_SHIFT)
#define IPC_MIN_CYCLE 64	/* Linux's ipc_min_cycle (RADIX_TREE_MAP_SIZE) */

/* What every IPC object starts with: Linux's struct kern_ipc_perm. */
struct kern_ipc_perm {
	int id;
	int key;
	u32 uid, gid, cuid, cgid;
	u32 mode;		/* permission bits and the object's own flags */
	unsigned int seq;
};

struct ipc_ids {
	int in_use;		/* objects in the table */
	unsigned int seq;	/* the sequence number of the next object */
	int last_idx;		/* index of the last object added, -1 at first */
	int next_idx;		/* where the search for a free index starts */
	int max_idx;		/* the highest index in use, -1 when none */
	struct kern_ipc_perm **entries;
	int nr_slots;		/* length of entries */
};

/* An empty table: the state Linux's ipc_init_ids leaves. */
void ipc_init_ids(struct ipc_ids *ids);

/*
 * Put new in a free slot (while fewer than limit objects exist) and give
 * it its identifier: the index, or -ENOSPC / -ENOMEM.
 */
int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *new, int limit);
/* Take perm out of the table: its identifier names nothing from now on. */
void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *perm);

/* The object in slot idx (the low bits of id), or NULL: SHM_STAT's lookup. */
struct kern_ipc_perm *ipc_obtain_object_idr(struct ipc_ids *ids, int id);
/* The object id names, sequence number included, or NULL. */
struct kern_ipc_perm *ipc_obtain_object_check(struct ipc_ids *ids, int id);
/* The object made for key (not IPC_PRIVATE), or NULL. */
struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key);

static inline int ipc_get_maxidx(const struct ipc_ids *ids)
{
	return ids->max_idx;
}

#endif
